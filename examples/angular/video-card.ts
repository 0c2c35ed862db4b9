import { Component, input } from '@angular/core';
import { injectVideoStatus } from 'sora-rx/angular';

/** Follows one video task live: its status and progress, then the video, or why it failed. */
@Component({
  selector: 'app-video-card',
  template: `
    @let current = task();
    @if (task.error(); as error) {
      <p role="alert">Could not follow {{ videoId() }}: {{ error.message }}</p>
    } @else if (current === undefined) {
      <p>Looking up {{ videoId() }}…</p>
    } @else if (current.status === 'failed') {
      <p role="alert">The video failed: {{ current.error }}</p>
    } @else if (current.status === 'completed') {
      @if (current.video_url) {
        <video [src]="current.video_url" controls></video>
      }
    } @else {
      <p>{{ current.status }} {{ current.progress ?? 0 }}%</p>
    }
  `,
})
export class VideoCard {
  /** The id the create call returned. */
  readonly videoId = input.required<string>();
  /** The task, live; `task.error()` holds what ended the watch early. */
  protected readonly task = injectVideoStatus(this.videoId);
}
