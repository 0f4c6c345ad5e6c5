import { storeDefaults } from '../defaults.js';
import { metaKeys, type Db } from './schema.js';
import type { Statements } from './statements.js';

export interface CompactProgress {
  onSlice: (revision: number) => void;
  /** Checked before each slice: a store being closed stops between slices. */
  cancelled: () => boolean;
}

/**
 * Compaction as kine does it: a row is superseded when a later row of the same key names
 * it as prev_revision, so compacting to R deletes the predecessors of rows ≤ R and the
 * tombstones ≤ R. The latest live row of every key is nobody's predecessor and stays.
 * We go in slices of `compactBatchRevisions`, each its own transaction that also records
 * the new compact revision, yielding to the event loop in between.
 */
export class LogCompactor {
  private readonly slice: (from: number, to: number) => void;

  constructor(db: Db, statements: Statements, private readonly batchRevisions: number = storeDefaults.compactBatchRevisions) {
    const deleteSuperseded = statements.get(
      'DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0)');
    const deleteTombstones = statements.get('DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1');
    const recordRevision = statements.get(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    const transaction = db.transaction((from: number, to: number) => {
      deleteSuperseded.run(from, to);
      deleteTombstones.run(from, to);
      recordRevision.run(metaKeys.compactRevision, to);
    });
    this.slice = (from, to) => transaction.immediate(from, to);
  }

  /**
   * Compacts from `from` (the current compact revision) up to `to`, reporting each slice's
   * end as soon as it is committed so readers never trust history that is gone.
   */
  async compact(from: number, to: number, progress: CompactProgress): Promise<void> {
    for (let start = from; start < to && !progress.cancelled();) {
      const end = Math.min(to, start + this.batchRevisions);
      this.slice(start, end);
      progress.onSlice(end);
      start = end;
      if (start < to) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
