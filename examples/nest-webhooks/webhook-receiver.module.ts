import { Module } from '@nestjs/common';
import { createWebhookReceiver } from 'sora-rx/webhooks';

/** The token of the app's one webhook receiver. */
export const WEBHOOK_RECEIVER = 'WEBHOOK_RECEIVER';

/** Makes the webhook receiver, with the signing secret from SORA_WEBHOOK_SECRET. */
@Module({
  providers: [
    {
      provide: WEBHOOK_RECEIVER,
      useFactory: () => createWebhookReceiver({ secret: process.env.SORA_WEBHOOK_SECRET ?? '' }),
    },
  ],
  exports: [WEBHOOK_RECEIVER],
})
export class WebhookReceiverModule {}
