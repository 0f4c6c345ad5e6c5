import { storeDefaults } from '../defaults.js';
import type { StoreEvent } from '../store.js';
import type { Db } from './schema.js';
import type { WriteOutcome } from './writes.js';

interface PendingWrite {
  run: () => WriteOutcome<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

type Attempt = { ok: true; outcome: WriteOutcome<unknown> } | { ok: false; error: unknown };

/**
 * Group commit. Writes submitted while the event loop is busy (typically: requests that
 * arrived during the previous fsync) run one after another in a single BEGIN IMMEDIATE
 * transaction, so they share one fsync: at ~4,000 fsyncs/s a lone writer gets ~4,000
 * writes/s, concurrent writers many times that. Each write still sees the ones before it,
 * so outcomes are the same as running them one by one; each runs in its own savepoint, so
 * one failing write does not take its neighbours down. Promises settle only after COMMIT
 * returned; events are then published in revision order.
 */
export class WriteBatcher {
  private pending: PendingWrite[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: PendingWrite[]) => Attempt[];

  constructor(db: Db, private readonly onCommitted: (event: StoreEvent) => void) {
    const inSavepoint = db.transaction((write: PendingWrite) => write.run());
    const attempt = (write: PendingWrite): Attempt => {
      try {
        return { ok: true, outcome: inSavepoint(write) };
      } catch (error) {
        return { ok: false, error };
      }
    };
    const transaction = db.transaction((batch: PendingWrite[]) => batch.map(attempt));
    this.runBatch = (batch) => transaction.immediate(batch);
  }

  submit<R>(run: () => WriteOutcome<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (result: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits everything queued, now (close uses it, so no submitted write is dropped). */
  flushAll(): void {
    while (this.pending.length > 0) this.commitBatch(this.pending.splice(0, storeDefaults.writeBatchMax));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.pending.length === 0) return;
      this.commitBatch(this.pending.splice(0, storeDefaults.writeBatchMax));
      // Anything left waits a turn, so readers and watchers run between big batches.
      if (this.pending.length > 0) this.schedule();
    });
  }

  private commitBatch(batch: PendingWrite[]): void {
    let attempts: Attempt[];
    try {
      attempts = this.runBatch(batch);
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    attempts.forEach((attempt, i) => {
      if (!attempt.ok) {
        batch[i].reject(attempt.error);
        return;
      }
      if (attempt.outcome.event) this.onCommitted(attempt.outcome.event);
      batch[i].resolve(attempt.outcome.result);
    });
  }
}
