import type { Observer, SubscriptionLike, TeardownLogic } from 'rxjs';

type Teardown = Exclude<TeardownLogic, void>;

/**
 * An observer with the shape of an RxJS subscriber (`closed`, `add`, `remove`, `unsubscribe`), so
 * that `subscribe` takes it as it is, where it would wrap a plain observer in two more objects and
 * keep its teardowns in an array of sixteen places: a few hundred bytes for each of the thousands
 * of watches that wait on their timers. It keeps its one teardown without an array until it has two.
 */
export abstract class LeanSubscriber<T> implements Observer<T>, SubscriptionLike {
  closed = false;
  private teardowns: Teardown[] | Teardown | undefined;

  abstract next(value: T): void;
  abstract error(error: unknown): void;
  abstract complete(): void;

  add(teardown: TeardownLogic): void {
    if (!teardown || teardown === this) return;
    if (this.closed) runTeardown(teardown);
    else if (this.teardowns === undefined) this.teardowns = teardown;
    else if (Array.isArray(this.teardowns)) this.teardowns.push(teardown);
    else this.teardowns = [this.teardowns, teardown];
  }

  remove(teardown: Teardown): void {
    const { teardowns } = this;
    if (teardowns === teardown) this.teardowns = undefined;
    else if (Array.isArray(teardowns)) {
      const index = teardowns.indexOf(teardown);
      if (index !== -1) teardowns.splice(index, 1);
    }
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    const { teardowns } = this;
    this.teardowns = undefined;
    if (Array.isArray(teardowns)) for (const teardown of teardowns) runTeardown(teardown);
    else if (teardowns !== undefined) runTeardown(teardowns);
  }
}

function runTeardown(teardown: Teardown): void {
  if (typeof teardown === 'function') teardown();
  else teardown.unsubscribe();
}
