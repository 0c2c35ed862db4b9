/**
 * Counts the jobs that hold a place in a sliding window: a job holds one from its start until
 * `windowMs` after it is sent, or until it ends unsent. With at most `size` places held at any time,
 * no span of `windowMs`, [t, t + windowMs), ever sees more than `size` sends, however long each job
 * waited between its start and its send (for a connection, say).
 */
export class SendWindow {
  /** Jobs started and not sent yet. */
  private unsent = 0;
  /** When the jobs still in the window were sent, oldest first, from `head` on. */
  private sentAt: number[] = [];
  private head = 0;

  constructor(
    private readonly size: number,
    private readonly windowMs = 1000,
  ) {}

  /** A job starts, to be sent later: it holds a place until {@link sent} or {@link endUnsent}. */
  startUnsent(): void {
    this.unsent += 1;
  }

  /** A job that started unsent is sent at `now`. */
  sent(now: number): void {
    this.unsent -= 1;
    this.sentAt.push(now);
  }

  /** A job starts and is sent at once, at `now`. */
  startSent(now: number): void {
    this.sentAt.push(now);
  }

  /** A job that started unsent ended without being sent: it never reached the server. */
  endUnsent(): void {
    this.unsent -= 1;
  }

  /**
   * How long until a job may start: 0 if it may now, the time until the oldest send leaves the
   * window, or `Infinity` when only a send or an end can free a place.
   */
  waitMs(now: number): number {
    this.expire(now);
    const sent = this.sentAt.length - this.head;
    if (this.unsent + sent < this.size) return 0;
    return sent > 0 ? (this.sentAt[this.head] as number) + this.windowMs - now : Infinity;
  }

  /** Drops the sends that left the window by `now`. */
  private expire(now: number): void {
    const { sentAt, windowMs } = this;
    while (this.head < sentAt.length && (sentAt[this.head] as number) + windowMs <= now) {
      this.head += 1;
    }
    if (this.head === sentAt.length) {
      this.sentAt = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > sentAt.length) {
      this.sentAt = sentAt.slice(this.head);
      this.head = 0;
    }
  }
}
