import { Module } from '@nestjs/common';
import type { SoraClientOptions } from 'sora-rx';
import { SoraModule } from 'sora-rx/nest';
import type { WebhookReceiver } from 'sora-rx/webhooks';
import { WEBHOOK_RECEIVER, WebhookReceiverModule } from './webhook-receiver.module.js';
import { WebhooksController } from './webhooks.controller.js';

/**
 * The app: sora-rx from SORA_BASE_URL and SORA_API_KEY, hearing the receiver's events, so that a
 * task ends the moment its webhook comes, with a poll every 5 minutes as the safety net.
 * Start it with `NestFactory.create(AppModule, { rawBody: true })`.
 */
@Module({
  imports: [
    WebhookReceiverModule,
    SoraModule.forRootAsync({
      isGlobal: true,
      imports: [WebhookReceiverModule],
      inject: [WEBHOOK_RECEIVER],
      useFactory: (receiver: WebhookReceiver): SoraClientOptions => ({ events: receiver.events$ }),
    }),
  ],
  controllers: [WebhooksController],
})
export class AppModule {}
