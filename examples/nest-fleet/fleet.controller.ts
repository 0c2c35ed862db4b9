import { Body, Controller, Inject, type MessageEvent, Param, Post, Sse } from '@nestjs/common';
import { catchError, map, type Observable, of } from 'rxjs';
import { isSoraError } from 'sora-rx';
import { FleetService } from './fleet.service.js';

/** Adds videos to the fleet, and streams their jobs to browsers as server-sent events. */
@Controller('fleet')
export class FleetController {
  constructor(@Inject(FleetService) private readonly fleet: FleetService) {}

  /** `POST /fleet/videos` with `{ prompt, seconds }`: the job id, to follow. */
  @Post('videos')
  async create(
    @Body() body: { prompt: string; seconds?: number; idempotencyKey?: string },
  ): Promise<{ jobId: string }> {
    const { idempotencyKey, ...params } = body;
    return { jobId: await this.fleet.enqueue(params, idempotencyKey) };
  }

  /**
   * `GET /fleet/jobs/:id/events`: a `message` event with the task each time it changes, up to
   * `completed` or `failed`; a job that failed ends with a `fleet-error` event and its code.
   */
  @Sse('jobs/:id/events')
  events(@Param('id') id: string): Observable<MessageEvent> {
    return this.fleet.status$(id).pipe(
      map((task): MessageEvent => ({ data: task })),
      catchError((error: unknown) => {
        if (!isSoraError(error, 'SORA_FLEET_JOB_FAILED')) throw error;
        return of({ type: 'fleet-error', data: { code: error.reasonCode ?? error.code } });
      }),
    );
  }
}
