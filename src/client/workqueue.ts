/**
 * A controller work queue with client-go's guarantees:
 * - a key waiting in the queue is held once however often it is added (dirty set);
 * - a key handed to a worker is not handed to another until done(key); if it was
 *   added meanwhile it goes back in the queue at done(), so the latest change is seen;
 * - addAfter delays an add (several pending delays for one key keep the earliest);
 * - addRateLimited delays by the key's exponential back-off until forget(key).
 * Time comes from an injected Clock.
 */
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { createExponentialRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
}

export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  addRateLimited(key: string): void;
  forget(key: string): void;
  numRequeues(key: string): number;
  /** Next key to process, or undefined once shut down and empty. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  /** Keys waiting (not counting delayed or in-process ones). */
  len(): number;
  /** Stops accepting adds; waiting workers get undefined once the queue is empty. */
  shutDown(): void;
  /** shutDown(), then resolves when every queued and in-process key is done. */
  shutDownWithDrain(): Promise<void>;
  isShuttingDown(): boolean;
}

export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const clock = options.clock ?? realClock;
  const rateLimiter = options.rateLimiter ?? createExponentialRateLimiter();
  const queue: string[] = [];
  const dirty = new Set<string>();
  const processing = new Set<string>();
  const delayed = new Map<string, { due: number; timer: TimerHandle }>();
  const waiters: Array<(key: string | undefined) => void> = [];
  const drained: Array<() => void> = [];
  let shuttingDown = false;

  function handOut(): void {
    while (waiters.length > 0 && queue.length > 0) {
      const key = queue.shift()!;
      dirty.delete(key);
      processing.add(key);
      waiters.shift()!(key);
    }
    if (shuttingDown && queue.length === 0) {
      for (const waiter of waiters.splice(0)) waiter(undefined);
      if (processing.size === 0) for (const resolve of drained.splice(0)) resolve();
    }
  }

  function add(key: string): void {
    if (shuttingDown || dirty.has(key)) return;
    dirty.add(key);
    if (processing.has(key)) return; // re-queued by done()
    queue.push(key);
    handOut();
  }

  function addAfter(key: string, delayMs: number): void {
    if (shuttingDown) return;
    if (delayMs <= 0) return add(key);
    const due = clock.now() + delayMs;
    const existing = delayed.get(key);
    if (existing && existing.due <= due) return;
    if (existing) clock.clearTimeout(existing.timer);
    const timer = clock.setTimeout(() => {
      delayed.delete(key);
      add(key);
    }, delayMs);
    delayed.set(key, { due, timer });
  }

  function shutDown(): void {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const { timer } of delayed.values()) clock.clearTimeout(timer);
    delayed.clear();
    handOut();
  }

  return {
    add,
    addAfter,
    addRateLimited: (key) => addAfter(key, rateLimiter.when(key)),
    forget: (key) => rateLimiter.forget(key),
    numRequeues: (key) => rateLimiter.numRequeues(key),
    get() {
      if (queue.length === 0 && shuttingDown) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        waiters.push(resolve);
        handOut();
      });
    },
    done(key) {
      processing.delete(key);
      if (dirty.has(key)) queue.push(key);
      handOut();
    },
    len: () => queue.length,
    shutDown,
    shutDownWithDrain() {
      const promise = new Promise<void>((resolve) => drained.push(resolve));
      shutDown();
      handOut();
      return promise;
    },
    isShuttingDown: () => shuttingDown,
  };
}
