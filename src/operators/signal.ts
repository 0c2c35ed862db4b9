import { Observable, type Subscriber } from 'rxjs';
import { Leave } from './leave.js';

/**
 * A signal without a value that many thousands may listen to, as a `Subject<void>` would: each
 * listener costs its entry in a set and one small teardown object, where a `Subject` gives each a
 * `Subscription` with a closure of its own, and leaving it is a search of all the others.
 */
export class Signal extends Observable<void> {
  private readonly listeners = new Set<Subscriber<void>>();

  constructor() {
    super(listen);
  }

  /** Tells every listener, those that join while it does not included. */
  emit(): void {
    if (this.listeners.size === 0) return;
    for (const listener of [...this.listeners]) listener.next();
  }

  /** @internal */
  join(listener: Subscriber<void>): void {
    this.listeners.add(listener);
  }

  /** @internal */
  remove(listener: Subscriber<void>): void {
    this.listeners.delete(listener);
  }
}

function listen(this: Observable<void>, subscriber: Subscriber<void>): Leave<Subscriber<void>> {
  const signal = this as Signal;
  signal.join(subscriber);
  return new Leave(signal, subscriber);
}
