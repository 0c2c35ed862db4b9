import { Observable, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { LeanSubscriber } from '../../src/operators/lean-subscriber.js';

/** Records what it hears, and unsubscribes at the end as a subscriber does. */
class Recorder extends LeanSubscriber<number> {
  readonly heard: string[] = [];

  next(value: number): void {
    this.heard.push(`next ${value}`);
  }

  error(error: unknown): void {
    this.heard.push(`error ${String(error)}`);
    this.unsubscribe();
  }

  complete(): void {
    this.heard.push('complete');
    this.unsubscribe();
  }
}

describe('LeanSubscriber', () => {
  it('is taken by subscribe as it is, and runs the source teardown when it unsubscribes', () => {
    let tornDown = 0;
    const source = new Observable<number>((subscriber) => {
      subscriber.next(1);
      return () => {
        tornDown += 1;
      };
    });
    const recorder = new Recorder();
    expect(source.subscribe(recorder)).toBe(recorder);
    expect(recorder.heard).toEqual(['next 1']);
    expect(tornDown).toBe(0);
    recorder.unsubscribe();
    recorder.unsubscribe();
    expect(tornDown).toBe(1);
    expect(recorder.closed).toBe(true);
  });

  it('runs every teardown, one or many, once; one removed first does not run', () => {
    const ran: string[] = [];
    const recorder = new Recorder();
    const removed = () => ran.push('removed');
    recorder.add(() => ran.push('a'));
    recorder.add(removed);
    recorder.add({ unsubscribe: () => ran.push('b') });
    recorder.remove(removed);
    recorder.unsubscribe();
    expect(ran).toEqual(['a', 'b']);
    // Added after the end: runs at once.
    recorder.add(() => ran.push('late'));
    expect(ran).toEqual(['a', 'b', 'late']);
  });

  it('leaves a Subject when it completes or unsubscribes', () => {
    const subject = new Subject<number>();
    const recorder = new Recorder();
    subject.subscribe(recorder);
    expect(subject.observed).toBe(true);
    subject.next(2);
    recorder.unsubscribe();
    expect(subject.observed).toBe(false);
    subject.next(3);
    expect(recorder.heard).toEqual(['next 2']);
  });
});
