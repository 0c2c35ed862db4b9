import { NEVER, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { RunHelpers } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/client/create-sora-client.js';
import type { HttpResponse, HttpTransport } from '../../src/http/http-transport.js';
import { jsonResponse, stubTransport } from '../../src/testing/stub-transport.js';
import { MAX_AWAITING_FIRST_ANSWER, STARTS_PER_TURN } from '../../src/watch/start-line.js';
import { createTestScheduler } from '../helpers/marbles.js';
import { wireTask } from '../helpers/scripted-server.js';

// More than the loops that may await a first answer at once, so that the line fills.
const TASKS = 2 * MAX_AWAITING_FIRST_ANSWER;
const ids = Array.from({ length: TASKS }, (_, i) => `sora_${i}`);

/** A client of `transport` on the test's scheduler. */
const clientOn = (transport: HttpTransport, scheduler: SchedulerLike) =>
  createSoraClient({ baseUrl: 'https://gateway.test/v1', apiKey: 'sk-test', transport, scheduler });

/** A gateway that answers each poll 10 ms later with its task completed. */
const completedIn10ms = (cold: RunHelpers['cold']) =>
  stubTransport((request) => {
    const id = request.url.split('/').pop() ?? '';
    return cold('10ms (r|)', { r: jsonResponse(wireTask({ id, status: 'completed' })) });
  });

describe('a burst of videoStatus$ subscriptions, in virtual time', () => {
  it('starts the first polls in slices, one macrotask each, not in one synchronous block', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, flush }) => {
      const answers = new Map<string, Observable<HttpResponse>>();
      const transport = stubTransport((request) => {
        const id = request.url.split('/').pop() ?? '';
        let answer = answers.get(id);
        if (answer === undefined) {
          answer = cold('10ms (r|)', { r: jsonResponse(wireTask({ id, status: 'completed' })) });
          answers.set(id, answer);
        }
        return answer;
      });
      const sora = clientOn(transport, scheduler);
      const seen: string[] = [];
      for (const id of ids) sora.videoStatus$(id).subscribe((task) => seen.push(task.id));
      // Before the start line, every request went out here, in the loop that subscribed.
      expect(transport.requests).toHaveLength(STARTS_PER_TURN);
      flush();
      expect(transport.requests).toHaveLength(TASKS);
      expect(new Set(transport.requests.map((r) => r.url)).size).toBe(TASKS);
      expect(seen).toHaveLength(TASKS);
    });
  });

  it('holds no request for a waiting subscription, and unsubscribing it leaves nothing behind', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ flush }) => {
      const transport = stubTransport(() => NEVER);
      const sora = clientOn(transport, scheduler);
      const subscriptions: Subscription[] = ids.map((id) => sora.videoStatus$(id).subscribe());
      // A few turns later, no more loops wait for a first answer than the line lets.
      scheduler.schedule(() => {
        expect(transport.requests).toHaveLength(MAX_AWAITING_FIRST_ANSWER);
        for (const subscription of subscriptions) subscription.unsubscribe();
      }, 1);
      flush();
      expect(transport.requests).toHaveLength(MAX_AWAITING_FIRST_ANSWER);
      // The line is empty again: a new watch polls at once.
      sora.videoStatus$('sora_late').subscribe().unsubscribe();
      expect(transport.requests).toHaveLength(MAX_AWAITING_FIRST_ANSWER + 1);
    });
  });

  it('lets the next watch in line start once a started one gives up its first request', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ flush }) => {
      const transport = stubTransport(() => NEVER);
      const sora = clientOn(transport, scheduler);
      const count = MAX_AWAITING_FIRST_ANSWER + 10;
      const subscriptions = ids.slice(0, count).map((id) => sora.videoStatus$(id).subscribe());
      scheduler.schedule(() => {
        expect(transport.requests).toHaveLength(MAX_AWAITING_FIRST_ANSWER);
        subscriptions[0]?.unsubscribe();
        subscriptions[1]?.unsubscribe();
      }, 1);
      scheduler.schedule(() => {
        expect(transport.requests).toHaveLength(MAX_AWAITING_FIRST_ANSWER + 2);
        expect(transport.requests.at(-1)?.url).toMatch(/sora_1025$/);
        for (const subscription of subscriptions) subscription.unsubscribe();
      }, 2);
      flush();
    });
  });

  it('starts one loop for two subscriptions to the same id made while the line is full', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, flush }) => {
      const transport = completedIn10ms(cold);
      const sora = clientOn(transport, scheduler);
      const count = STARTS_PER_TURN * 3;
      const seen = new Map<string, number>();
      const see = (task: { id: string }) => seen.set(task.id, (seen.get(task.id) ?? 0) + 1);
      const watches = ids.slice(0, count).map((id) => sora.videoStatus$(id));
      // The same observables subscribed twice, and fresh calls for the same ids: all wait in line.
      for (const watch$ of watches) watch$.subscribe(see);
      for (const watch$ of watches) watch$.subscribe(see);
      for (const id of ids.slice(0, count)) sora.videoStatus$(id).subscribe(see);
      expect(transport.requests).toHaveLength(STARTS_PER_TURN);
      flush();
      // The first turn of an id starts its loop; the later ones join it.
      expect(transport.requests).toHaveLength(count);
      expect(seen.size).toBe(count);
      expect([...seen.values()].every((times) => times === 3)).toBe(true);
    });
  });

  it('shares a loop between calls without options around a call with other options', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, flush }) => {
      const transport = completedIn10ms(cold);
      const sora = clientOn(transport, scheduler);
      sora.videoStatus$('sora_1').subscribe();
      sora.videoStatus$('sora_1', { intervalMs: 5_000 }).subscribe();
      sora.videoStatus$('sora_1').subscribe();
      sora.videoStatus$('sora_1', { intervalMs: 5_000 }).subscribe();
      sora.videoStatus$('sora_2', { intervalMs: 5_000 }).subscribe();
      expect(transport.requests.map((r) => r.url.split('/').pop())).toEqual([
        'sora_1',
        'sora_1',
        'sora_2',
      ]);
      flush();
    });
  });

  it('starts one slice per macrotask until the loops awaiting a first answer reach the cap', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ flush }) => {
      const transport = stubTransport(() => NEVER);
      const sora = clientOn(transport, scheduler);
      const subscriptions = ids.map((id) => sora.videoStatus$(id).subscribe());
      const sent = [transport.requests.length];
      // Each check runs after the turn scheduled before it, and schedules itself after the next.
      const check = () => {
        sent.push(transport.requests.length);
        if (sent.length < 20) scheduler.schedule(check, 0);
        else for (const subscription of subscriptions) subscription.unsubscribe();
      };
      scheduler.schedule(check, 0);
      flush();
      const turns = MAX_AWAITING_FIRST_ANSWER / STARTS_PER_TURN;
      expect(STARTS_PER_TURN).toBe(64);
      expect(sent.slice(0, turns)).toEqual(
        Array.from({ length: turns }, (_, turn) => (turn + 1) * STARTS_PER_TURN),
      );
      expect(sent.slice(turns)).toEqual(sent.slice(turns).map(() => MAX_AWAITING_FIRST_ANSWER));
    });
  });
});
