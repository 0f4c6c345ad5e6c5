import { storeDefaults } from '../defaults.js';
import type { StoreEvent, WatchHandlers, WatchOptions, WatchResult } from '../store.js';
import type { EventHistory } from './history.js';
import { Watcher } from './watcher.js';

export interface WatchHubOptions {
  /** Queued events per watcher before it is cut off as 'too-slow'. */
  maxPendingEvents?: number;
  /** Events read from history per back-fill step. */
  backfillPageSize?: number;
}

/**
 * Fan-out of committed events to watchers, shared by every backend whose process is the
 * only writer (memory, SQLite). The backend calls `publish` after each commit, in revision
 * order; back-fill comes from the backend's own log through `EventHistory`.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly history: EventHistory;
  private readonly maxPendingEvents: number;
  private readonly backfillPageSize: number;

  constructor(history: EventHistory, options: WatchHubOptions = {}) {
    this.history = history;
    this.maxPendingEvents = options.maxPendingEvents ?? storeDefaults.watchMaxPendingEvents;
    this.backfillPageSize = options.backfillPageSize ?? storeDefaults.watchBackfillPageSize;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  watch(options: WatchOptions, handlers: WatchHandlers): WatchResult {
    const { prefix, afterRevision, signal } = options;
    const compactRevision = this.history.compactedRevision();
    // Starting after revision R needs every event above R; compaction at C dropped events ≤ C.
    if (afterRevision > 0 && afterRevision < compactRevision) {
      return { ok: false, reason: 'compacted', compactRevision };
    }
    const current = this.history.currentRevision();
    const onAbort = (): void => watcher.end('closed');
    const watcher: Watcher = new Watcher({
      prefix,
      cursor: afterRevision === 0 ? current : afterRevision,
      catchingUp: afterRevision > 0 && afterRevision < current,
      handlers,
      history: this.history,
      maxPendingEvents: this.maxPendingEvents,
      backfillPageSize: this.backfillPageSize,
      onEnd: (ended) => {
        this.watchers.delete(ended);
        signal?.removeEventListener('abort', onAbort);
      },
    });
    this.watchers.add(watcher);
    if (signal?.aborted) watcher.end('closed');
    else signal?.addEventListener('abort', onAbort, { once: true });
    return { ok: true, cancel: () => watcher.end('closed') };
  }

  /** Called by the backend after each commit, in revision order. */
  publish(event: StoreEvent): void {
    for (const watcher of this.watchers) watcher.offer(event);
  }

  closeAll(): void {
    for (const watcher of [...this.watchers]) watcher.end('closed');
  }
}
