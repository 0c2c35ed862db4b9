import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { FleetController } from './fleet.controller.js';
import { FLEET_OPTIONS, type FleetOptions, VIDEO_QUEUE } from './fleet.options.js';
import { FleetService } from './fleet.service.js';
import { VideoQueueEvents } from './video.events.js';
import { VideoProcessor } from './video.processor.js';

/** The fleet's settings from the environment: Redis at REDIS_URL, the API at SORA_BASE_URL. */
const fromEnvironment: FleetOptions = {
  connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  client: {},
  save: { dir: process.env.VIDEO_DIR ?? './videos' },
};

/** The fleet's settings, for BullMQ's connection and for the processor. */
@Global()
@Module({
  providers: [{ provide: FLEET_OPTIONS, useValue: fromEnvironment }],
  exports: [FLEET_OPTIONS],
})
export class FleetOptionsModule {}

/** An app that makes videos on a fleet of BullMQ workers and streams their progress. */
@Module({
  imports: [
    FleetOptionsModule,
    BullModule.forRootAsync({
      inject: [FLEET_OPTIONS],
      useFactory: ({ connection, prefix }: FleetOptions) => ({
        connection,
        ...(prefix === undefined ? {} : { prefix }),
      }),
    }),
    BullModule.registerQueue({ name: VIDEO_QUEUE }),
  ],
  controllers: [FleetController],
  providers: [FleetService, VideoProcessor, VideoQueueEvents],
})
export class FleetAppModule {}
