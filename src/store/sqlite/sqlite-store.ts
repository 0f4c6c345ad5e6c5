import type {
  CreateResult, DeleteResult, KeyValue, ListOptions, ListResult, Store, StoreEvent,
  UpdateResult, WatchHandlers, WatchOptions, WatchResult,
} from '../store.js';
import { WatchHub, type WatchHubOptions } from '../watch/hub.js';
import { LogCompactor } from './compaction.js';
import { LogReader } from './reads.js';
import { metaKeys, openDatabase, type Db } from './schema.js';
import { Statements } from './statements.js';
import { WriteBatcher } from './write-batcher.js';
import { LogWriter } from './writes.js';

export interface SqliteStoreOptions {
  /** Database file; created with its tables when missing. */
  path: string;
  watch?: WatchHubOptions;
  /** Revisions per compaction transaction (tests use small slices). */
  compactBatchRevisions?: number;
}

/**
 * The embedded default backend. This process must be the only writer to the file: the
 * revision counter, the compact revision and watch notification all live in memory and
 * are only right if nobody else appends to the log.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  return new SqliteStore(openDatabase(options.path), options);
}

class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly reader: LogReader;
  private readonly writer: LogWriter;
  private readonly batcher: WriteBatcher;
  private readonly compactor: LogCompactor;
  private readonly hub: WatchHub;
  private revision: number;
  private compactRevision: number;
  private compacting: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly db: Db, options: SqliteStoreOptions) {
    const statements = new Statements(db);
    this.reader = new LogReader(statements);
    this.writer = new LogWriter(statements, this.reader);
    this.compactor = new LogCompactor(db, statements, options.compactBatchRevisions);
    this.revision = this.reader.lastRevision();
    this.compactRevision = this.reader.meta(metaKeys.compactRevision) ?? 0;
    this.hub = new WatchHub({
      eventsAfter: (after, prefix, limit) => this.reader.eventsAfter(after, prefix, limit),
      currentRevision: () => this.revision,
      compactedRevision: () => this.compactRevision,
    }, options.watch);
    this.batcher = new WriteBatcher(db, (event: StoreEvent) => {
      this.revision = event.revision;
      this.hub.publish(event);
    });
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.reader.current(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    // A revision from the future reads the present; Kubernetes would wait, we never need to.
    const revision = Math.min(options.revision ?? this.revision, this.revision);
    if (revision < this.compactRevision) {
      return { ok: false, reason: 'compacted', compactRevision: this.compactRevision };
    }
    return { ok: true, revision, ...this.reader.list(prefix, revision, options) };
  }

  async create(key: string, value: string): Promise<CreateResult> {
    this.assertOpen();
    return this.batcher.submit(() => this.writer.create(key, value));
  }

  async update(key: string, value: string, expectedRevision?: number): Promise<UpdateResult> {
    this.assertOpen();
    return this.batcher.submit(() => this.writer.update(key, value, expectedRevision));
  }

  async delete(key: string, expectedRevision?: number): Promise<DeleteResult> {
    this.assertOpen();
    return this.batcher.submit(() => this.writer.delete(key, expectedRevision));
  }

  async watch(options: WatchOptions, handlers: WatchHandlers): Promise<WatchResult> {
    this.assertOpen();
    return this.hub.watch(options, handlers);
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compactRevision;
  }

  /** Compactions queue behind each other; each starts from wherever the previous one ended. */
  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const run = async (): Promise<void> => {
      const target = Math.min(revision, this.revision);
      if (this.closed || target <= this.compactRevision) return;
      await this.compactor.compact(this.compactRevision, target, {
        onSlice: (reached) => { this.compactRevision = reached; },
        cancelled: () => this.closed,
      });
    };
    this.compacting = this.compacting.then(run, run);
    return this.compacting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.batcher.flushAll();
    this.closed = true;
    await this.compacting.catch(() => undefined);
    this.hub.closeAll();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}
