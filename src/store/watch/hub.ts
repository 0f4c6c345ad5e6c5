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
  /**
   * Watchers grouped by key prefix: a write is offered only to the watchers whose prefix
   * covers its key. With one watch per agent on pods (and more), scanning every watcher on
   * every write made a Lease renewal cost O(all watchers); now it is O(distinct prefixes).
   * Skipping a watcher is safe: its cursor only deduplicates events it would deliver.
   */
  private readonly byPrefix = new Map<string, Set<Watcher>>();
  private count = 0;
  private readonly history: EventHistory;
  private readonly maxPendingEvents: number;
  private readonly backfillPageSize: number;

  constructor(history: EventHistory, options: WatchHubOptions = {}) {
    this.history = history;
    this.maxPendingEvents = options.maxPendingEvents ?? storeDefaults.watchMaxPendingEvents;
    this.backfillPageSize = options.backfillPageSize ?? storeDefaults.watchBackfillPageSize;
  }

  get watcherCount(): number {
    return this.count;
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
        this.remove(prefix, ended);
        signal?.removeEventListener('abort', onAbort);
      },
    });
    this.add(prefix, watcher);
    if (signal?.aborted) watcher.end('closed');
    else signal?.addEventListener('abort', onAbort, { once: true });
    return { ok: true, cancel: () => watcher.end('closed') };
  }

  /** Called by the backend after each commit, in revision order. */
  publish(event: StoreEvent): void {
    for (const [prefix, watchers] of this.byPrefix) {
      if (event.key.startsWith(prefix)) for (const watcher of watchers) watcher.offer(event);
    }
  }

  closeAll(): void {
    for (const watchers of [...this.byPrefix.values()]) for (const watcher of [...watchers]) watcher.end('closed');
  }

  private add(prefix: string, watcher: Watcher): void {
    let watchers = this.byPrefix.get(prefix);
    if (!watchers) this.byPrefix.set(prefix, (watchers = new Set()));
    watchers.add(watcher);
    this.count++;
  }

  private remove(prefix: string, watcher: Watcher): void {
    const watchers = this.byPrefix.get(prefix);
    if (!watchers?.delete(watcher)) return;
    this.count--;
    if (watchers.size === 0) this.byPrefix.delete(prefix);
  }
}
