import { Controller, Inject, type MessageEvent, Param, Sse } from '@nestjs/common';
import { catchError, map, type Observable, of } from 'rxjs';
import { isSoraError } from 'sora-rx';
import { SoraService } from 'sora-rx/nest';

/** Streams video tasks to browsers as server-sent events; the API key stays on the server. */
@Controller()
export class VideoEventsController {
  constructor(@Inject(SoraService) private readonly sora: SoraService) {}

  /**
   * `GET /videos/:id/events`: one `message` event with the task each time it changes, up to
   * `completed` or `failed`, where the stream ends. When the watch fails, a last `sora-error`
   * event carries the error's code. A client that goes away cancels the polling.
   */
  @Sse('videos/:id/events')
  events(@Param('id') id: string): Observable<MessageEvent> {
    return this.sora.videoStatus$(id).pipe(
      map((task): MessageEvent => ({ data: task })),
      catchError((error: unknown) => {
        if (!isSoraError(error)) throw error;
        // The code tells the browser what went wrong; the message names the gateway, which it
        // does not need to know.
        return of({ type: 'sora-error', data: { code: error.code } });
      }),
    );
  }
}
