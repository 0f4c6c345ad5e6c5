import { storeDefaults } from './defaults.js';
import type { Store } from './store.js';

export interface CompactorOptions {
  /** Time between compactions (default storeDefaults.compactIntervalMs). */
  intervalMs?: number;
  /** Revisions of history kept behind the current one (default storeDefaults.compactKeepRevisions). */
  keepRevisions?: number;
  /** Stops the compactor. */
  signal?: AbortSignal;
  /** Called when a compaction throws (the backend failed); the next tick tries again. */
  onError?: (error: unknown) => void;
}

/**
 * One compaction step: keep `keepRevisions` of history. Returns the revision compacted to,
 * or undefined when there was nothing to do. With current 25,000 and keep 10,000 → 15,000.
 */
export async function compactOnce(store: Store, keepRevisions: number): Promise<number | undefined> {
  const target = (await store.currentRevision()) - keepRevisions;
  if (target <= (await store.compactedRevision())) return undefined;
  await store.compact(target);
  return target;
}

/**
 * Compacts `store` every `intervalMs` until `signal` aborts. The timer is unref'd so it
 * never keeps the process alive, and a tick is skipped while the previous one still runs.
 */
export function startCompactor(store: Store, options: CompactorOptions = {}): { stop: () => void } {
  const intervalMs = options.intervalMs ?? storeDefaults.compactIntervalMs;
  const keepRevisions = options.keepRevisions ?? storeDefaults.compactKeepRevisions;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await compactOnce(store, keepRevisions);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  return { stop };
}
