import { Component, linkedSignal, signal } from '@angular/core';
import { injectVideoStatus } from 'sora-rx/angular';

/** Follows the task named by `?id=` live: each status it went through, then the video. */
@Component({
  selector: 'app-root',
  template: `
    <h1>sora-rx in Angular</h1>
    <p>Task <code>{{ id() ?? 'none: open this page with ?id=' }}</code></p>
    <ol>
      @for (step of steps(); track $index) {
        <li>{{ step }}</li>
      }
    </ol>
    @let current = task();
    @if (task.error(); as error) {
      <p role="alert">{{ error.message }}</p>
    } @else if (current !== undefined) {
      <p class="status" [attr.data-status]="current.status">{{ current.status }}</p>
      @if (current.status === 'completed' && current.video_url) {
        <video [src]="current.video_url" controls muted></video>
      }
    }
  `,
})
export class App {
  protected readonly id = signal(new URLSearchParams(location.search).get('id') ?? undefined);
  protected readonly task = injectVideoStatus(this.id, { intervalMs: 250 });
  /** The statuses seen so far, in order. */
  protected readonly steps = linkedSignal<string | undefined, readonly string[]>({
    source: () => this.task()?.status,
    computation: (status, previous) => {
      const steps = previous?.value ?? [];
      return status === undefined || steps.at(-1) === status ? steps : [...steps, status];
    },
  });
}
