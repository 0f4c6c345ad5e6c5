/**
 * Keeps an in-memory view of one store prefix current: list, then watch from the list's
 * revision; when the watch ends (too slow, compacted, store hiccup) list and watch again.
 * The caller's `reset` replaces its whole view, `apply` folds in one event.
 *
 * Both authorization indexes (credentials, pods by node) are built on this. It reads the
 * store directly because it lives inside the apiserver process, next to the registry.
 */
import type { Logger } from 'pino';
import type { KeyValue, Store, StoreEvent } from '../store/store.js';

export interface StoreMirrorOptions {
  store: Store;
  prefix: string;
  reset(items: readonly KeyValue[]): void;
  apply(event: StoreEvent): void;
  logger?: Logger;
  /** Wait before re-listing after a failure (default 500 ms). */
  retryMs?: number;
}

export interface StoreMirror {
  /** Resolves after the first list was applied (rejects if it failed). */
  ready: Promise<void>;
  /** Resolves at the next applied change, or after `timeoutMs`. */
  nextChange(timeoutMs: number): Promise<void>;
  close(): void;
}

export function mirrorStorePrefix(options: StoreMirrorOptions): StoreMirror {
  const { store, prefix } = options;
  const retryMs = options.retryMs ?? 500;
  let closed = false;
  let cancelWatch: (() => void) | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let waiters: Array<() => void> = [];

  const notify = () => {
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  };

  const resyncLater = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      sync().catch((err: unknown) => {
        options.logger?.warn({ err, prefix }, 'store mirror resync failed; retrying');
        resyncLater();
      });
    }, retryMs);
    retryTimer.unref();
  };

  async function sync(): Promise<void> {
    if (closed) return;
    const listed = await store.list(prefix);
    if (!listed.ok) throw new Error(`listing ${prefix}: revision compacted`);
    options.reset(listed.items);
    notify();
    const watched = await store.watch({ prefix, afterRevision: listed.revision }, {
      onEvent: (event) => {
        options.apply(event);
        notify();
      },
      onClose: (reason) => {
        cancelWatch = undefined;
        if (closed) return;
        options.logger?.debug({ prefix, reason }, 'store mirror watch ended; re-listing');
        resyncLater();
      },
    });
    if (!watched.ok) {
      resyncLater();
      return;
    }
    if (closed) watched.cancel();
    else cancelWatch = watched.cancel;
  }

  return {
    ready: sync(),
    nextChange: (timeoutMs) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      waiters.push(() => { clearTimeout(timer); resolve(); });
    }),
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      cancelWatch?.();
      notify();
    },
  };
}
