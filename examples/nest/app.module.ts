import { Module } from '@nestjs/common';
import { SoraModule } from 'sora-rx/nest';
import { VideoEventsController } from './video-events.controller.js';

/** The app: sora-rx configured from SORA_BASE_URL and SORA_API_KEY, and the events route. */
@Module({
  imports: [SoraModule.forRoot({ isGlobal: true, poll: { maxWaitMs: 20 * 60_000 } })],
  controllers: [VideoEventsController],
})
export class AppModule {}
