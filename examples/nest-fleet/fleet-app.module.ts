import { Module } from '@nestjs/common';
import { FleetController } from './fleet.controller.js';
import { FLEET_OPTIONS, type FleetOptions } from './fleet.options.js';
import { FleetService } from './fleet.service.js';

/** The fleet's settings from the environment: Redis at REDIS_URL, the API at SORA_BASE_URL. */
const fromEnvironment: FleetOptions = {
  queueName: 'videos',
  connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  // 10 requests a second for the whole fleet, in windows of 100 ms.
  limiter: { max: 1, duration: 100 },
  client: {},
  save: { dir: process.env.VIDEO_DIR ?? './videos' },
};

/** An app that makes videos on a fleet of BullMQ workers and streams their progress. */
@Module({
  controllers: [FleetController],
  providers: [FleetService, { provide: FLEET_OPTIONS, useValue: fromEnvironment }],
})
export class FleetAppModule {}
