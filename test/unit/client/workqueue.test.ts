import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/client/clock.js';
import { createExponentialRateLimiter, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from '../../../src/client/rate-limiter.js';
import { createWorkQueue } from '../../../src/client/workqueue.js';
import { runWorkers } from '../../../src/client/workers.js';

/** Lets pending promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled yet, without waiting for it. */
function track<T>(promise: Promise<T>): { settled: boolean; value?: T } {
  const state: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => Object.assign(state, { settled: true, value }));
  return state;
}

void test('adding a key that is already queued is a no-op', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.add('ns/a');
  queue.add('ns/b');
  queue.add('ns/a');
  assert.equal(queue.len(), 2);
  assert.equal(await queue.get(), 'ns/a');
  assert.equal(await queue.get(), 'ns/b');
  assert.equal(queue.len(), 0);
});

void test('a key being processed is not handed to a second worker', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.add('a');
  const first = await queue.get();
  assert.equal(first, 'a');
  queue.add('a');
  assert.equal(queue.len(), 0, 'held back while processing');
  const second = track(queue.get());
  await flush();
  assert.equal(second.settled, false);
  queue.done('a');
  await flush();
  assert.deepEqual(second, { settled: true, value: 'a' });
});

void test('a key re-added several times while processing is processed once more after done', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.add('a');
  await queue.get();
  queue.add('a');
  queue.add('a');
  queue.done('a');
  assert.equal(queue.len(), 1);
  assert.equal(await queue.get(), 'a');
  queue.done('a');
  assert.equal(queue.len(), 0);
});

void test('a key done without re-adding is not processed again', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.add('a');
  await queue.get();
  queue.done('a');
  assert.equal(queue.len(), 0);
});

void test('the item rate limiter doubles from 5 ms and caps at 1000 s', () => {
  const limiter = createExponentialRateLimiter();
  assert.equal(DEFAULT_RETRY_BASE_DELAY_MS, 5);
  assert.equal(DEFAULT_RETRY_MAX_DELAY_MS, 1_000_000);
  const delays = Array.from({ length: 20 }, () => limiter.when('a'));
  assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 80]);
  assert.equal(delays[17], 5 * 2 ** 17);
  assert.equal(delays[18], 1_000_000);
  assert.equal(delays[19], 1_000_000);
  assert.equal(limiter.numRequeues('a'), 20);
  assert.equal(limiter.when('b'), 5, 'keys back off independently');
  limiter.forget('a');
  assert.equal(limiter.when('a'), 5);
});

void test('addRateLimited delays each retry twice as long until forget', async () => {
  const clock = new FakeClock();
  const queue = createWorkQueue({ clock });
  const expectDelay = async (ms: number) => {
    queue.addRateLimited('a');
    clock.advance(ms - 1);
    assert.equal(queue.len(), 0, `not yet after ${ms - 1} ms`);
    clock.advance(1);
    assert.equal(queue.len(), 1, `queued after ${ms} ms`);
    assert.equal(await queue.get(), 'a');
    queue.done('a');
  };
  await expectDelay(5);
  await expectDelay(10);
  await expectDelay(20);
  assert.equal(queue.numRequeues('a'), 3);
  queue.forget('a');
  assert.equal(queue.numRequeues('a'), 0);
  await expectDelay(5);
});

void test('addAfter adds the key when the delay has passed', () => {
  const clock = new FakeClock();
  const queue = createWorkQueue({ clock });
  queue.addAfter('a', 100);
  clock.advance(99);
  assert.equal(queue.len(), 0);
  clock.advance(1);
  assert.equal(queue.len(), 1);
});

void test('addAfter for a key already waiting keeps the earlier time', () => {
  const clock = new FakeClock();
  const queue = createWorkQueue({ clock });
  queue.addAfter('a', 100);
  queue.addAfter('a', 50);
  queue.addAfter('a', 300);
  clock.advance(50);
  assert.equal(queue.len(), 1);
  assert.equal(clock.pendingTimers(), 0, 'the superseded timers are cancelled');
});

void test('addAfter with no delay adds at once', () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.addAfter('a', 0);
  assert.equal(queue.len(), 1);
});

void test('shutDown wakes idle workers, ignores adds and cancels delayed adds', async () => {
  const clock = new FakeClock();
  const queue = createWorkQueue({ clock });
  const waiting = track(queue.get());
  queue.addAfter('later', 10);
  queue.shutDown();
  await flush();
  assert.deepEqual(waiting, { settled: true, value: undefined });
  queue.add('a');
  clock.advance(10);
  assert.equal(queue.len(), 0);
  assert.equal(await queue.get(), undefined);
});

void test('shutDownWithDrain resolves only when keys in process are done', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  queue.add('a');
  queue.add('b');
  assert.equal(await queue.get(), 'a');
  const drained = track(queue.shutDownWithDrain());
  assert.equal(await queue.get(), 'b', 'keys queued before shut down are still handed out');
  queue.done('a');
  await flush();
  assert.equal(drained.settled, false);
  queue.done('b');
  await flush();
  assert.equal(drained.settled, true);
});

void test('runWorkers never runs one key on two workers at once', async () => {
  const queue = createWorkQueue({ clock: new FakeClock() });
  const active = new Set<string>();
  let overlaps = 0;
  let runs = 0;
  const releases: Array<() => void> = [];
  const controller = new AbortController();
  const running = runWorkers(queue, 3, async (key) => {
    if (active.has(key)) overlaps++;
    active.add(key);
    runs++;
    await new Promise<void>((resolve) => releases.push(resolve));
    active.delete(key);
  }, controller.signal);
  queue.add('a');
  await flush();
  queue.add('a'); // while the first run is in progress
  queue.add('b');
  await flush();
  assert.equal(runs, 2, 'a and b run; the second a waits');
  for (const release of releases.splice(0)) release();
  await flush();
  assert.equal(runs, 3, 'a runs again after its first run is done');
  for (const release of releases.splice(0)) release();
  controller.abort();
  await running;
  assert.equal(overlaps, 0);
});

void test('runWorkers retries a failing key with back-off and honours requeueAfterMs', async () => {
  const clock = new FakeClock();
  const queue = createWorkQueue({ clock });
  const calls: string[] = [];
  const errors: unknown[] = [];
  let failuresLeft = 2;
  const controller = new AbortController();
  const running = runWorkers(queue, 1, (key) => {
    calls.push(`${key}@${clock.now()}`);
    if (failuresLeft-- > 0) throw new Error('boom');
    return { requeueAfterMs: 1000 };
  }, controller.signal, { onError: (_key, err) => errors.push(err) });
  queue.add('a');
  await flush();
  assert.deepEqual(calls, ['a@0']);
  clock.advance(5);
  await flush();
  clock.advance(10);
  await flush();
  assert.deepEqual(calls, ['a@0', 'a@5', 'a@15']);
  assert.equal(errors.length, 2);
  assert.equal(queue.numRequeues('a'), 0, 'success forgets the back-off');
  clock.advance(999);
  await flush();
  assert.equal(calls.length, 3);
  clock.advance(1);
  await flush();
  assert.deepEqual(calls.at(-1), 'a@1015');
  controller.abort();
  await running;
});
