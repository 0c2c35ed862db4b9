/** What a {@link Leave} takes its member out of. */
export interface Membership<T> {
  remove(member: T): void;
}

/**
 * The teardown of one member of a set of listeners or subscribers: an object of two fields
 * rather than a closure and its scope, for those that many thousands join.
 */
export class Leave<T> {
  constructor(
    private readonly from: Membership<T>,
    private readonly member: T,
  ) {}

  unsubscribe(): void {
    this.from.remove(this.member);
  }
}
