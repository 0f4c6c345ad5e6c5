/**
 * Every tunable of the store in one place (style.md habit 11). Operators look here first.
 */
export const storeDefaults = {
  /** How often the background compactor runs: every 5 minutes, like kube-apiserver's etcd compaction. */
  compactIntervalMs: 5 * 60_000,
  /**
   * Revisions of history kept behind the current one. A watcher that falls further behind
   * than this gets 410 Gone and relists; 10,000 covers minutes of a busy cluster.
   */
  compactKeepRevisions: 10_000,
  /**
   * Compaction deletes in slices of this many revisions, each its own short transaction,
   * so a big compaction never blocks writers (or the event loop) for long.
   */
  compactBatchRevisions: 1_000,
  /** Events queued for one watcher before it is cut off as 'too-slow' and must re-watch. */
  watchMaxPendingEvents: 10_000,
  /** Back-fill reads history in pages of this many events, yielding between pages. */
  watchBackfillPageSize: 500,
  /**
   * Most writes committed in one SQLite transaction (group commit). Bounds how long one
   * commit holds the event loop when thousands of writes arrive at once.
   */
  writeBatchMax: 1_000,
  /** How long SQLite waits on a lock held by another connection (e.g. an operator's sqlite3 shell). */
  sqliteBusyTimeoutMs: 5_000,
} as const;
