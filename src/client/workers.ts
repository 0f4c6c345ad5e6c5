/**
 * The worker loop of a controller: take a key, reconcile it, and
 * - on success forget its back-off and, if asked, come back after requeueAfterMs;
 * - on a throw retry it with the key's exponential back-off.
 * The queue guarantees one worker per key at a time.
 */
import type { WorkQueue } from './workqueue.js';

export interface ReconcileResult {
  requeueAfterMs?: number;
}

export type KeyHandler = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void> | ReconcileResult | void;

export interface RunWorkersOptions {
  /** Told about each failed attempt (log it); the key is already re-queued. */
  onError?: (key: string, err: unknown) => void;
}

async function processOne(queue: WorkQueue, key: string, handler: KeyHandler, signal: AbortSignal, onError?: RunWorkersOptions['onError']) {
  try {
    const result = await handler(key, signal);
    queue.forget(key);
    if (result && result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
  } catch (err) {
    queue.addRateLimited(key);
    onError?.(key, err);
  } finally {
    queue.done(key);
  }
}

/**
 * Runs `workers` loops until the queue is shut down; aborting `signal` shuts it down
 * (keys already queued are still handed out, like client-go). Resolves when all loops end.
 */
export async function runWorkers(
  queue: WorkQueue, workers: number, handler: KeyHandler, signal: AbortSignal, options: RunWorkersOptions = {},
): Promise<void> {
  const onAbort = () => queue.shutDown();
  if (signal.aborted) queue.shutDown();
  signal.addEventListener('abort', onAbort, { once: true });
  const loop = async () => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      await processOne(queue, key, handler, signal, options.onError);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, workers) }, loop));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
