import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import type { VideoTask } from 'sora-rx';
import { SoraService } from 'sora-rx/nest';
import type { WebhookReceiver, WebhookRequest } from 'sora-rx/webhooks';
import { WEBHOOK_RECEIVER } from './webhook-receiver.module.js';

/** Takes the gateway's webhooks, and answers with a task once it is done. */
@Controller()
export class WebhooksController {
  constructor(
    @Inject(WEBHOOK_RECEIVER) private readonly receiver: WebhookReceiver,
    @Inject(SoraService) private readonly sora: SoraService,
  ) {}

  /**
   * `POST /webhooks/sora`: the receiver checks the signature against the raw body (the app is
   * created with `rawBody: true`) and answers itself: 204, 400 or 413.
   */
  @Post('webhooks/sora')
  receive(@Req() req: WebhookRequest, @Res() res: ServerResponse): void {
    this.receiver.handler(req, res);
  }

  /** `GET /videos/:id`: the task once it is `completed` or `failed`, pushed or polled. */
  @Get('videos/:id')
  done(@Param('id') id: string): Promise<VideoTask> {
    return lastValueFrom(this.sora.videoStatus$(id));
  }
}
