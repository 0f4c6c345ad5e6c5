import { decideCreate, decideWrite } from '../decisions.js';
import { byKey, pageOf } from '../paging.js';
import type {
  CreateResult, DeleteResult, KeyValue, ListOptions, ListResult, Store, StoreEvent,
  UpdateResult, WatchHandlers, WatchOptions, WatchResult,
} from '../store.js';
import { WatchHub, type WatchHubOptions } from '../watch/hub.js';
import { HistoryLog, toKeyValue } from './history-log.js';

export interface MemoryStoreOptions {
  watch?: WatchHubOptions;
}

/** In-memory backend for unit tests and benchmarks; same semantics as SQLite, no durability. */
export function openMemoryStore(options: MemoryStoreOptions = {}): Promise<Store> {
  return Promise.resolve(new MemoryStore(options));
}

class MemoryStore implements Store {
  readonly backend = 'memory' as const;
  private readonly live = new Map<string, KeyValue>();
  private readonly log = new HistoryLog();
  private readonly hub: WatchHub;
  private revision = 0;
  private compactRevision = 0;
  private closed = false;

  constructor(options: MemoryStoreOptions) {
    this.hub = new WatchHub({
      eventsAfter: (after, prefix, limit) => this.log.eventsAfter(after, prefix, limit),
      currentRevision: () => this.revision,
      compactedRevision: () => this.compactRevision,
    }, options.watch);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.live.get(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const revision = Math.min(options.revision ?? this.revision, this.revision);
    if (revision < this.compactRevision) {
      return { ok: false, reason: 'compacted', compactRevision: this.compactRevision };
    }
    const items = revision === this.revision
      ? [...this.live.values()].filter((kv) => kv.key.startsWith(prefix))
      : this.log.stateAt(revision, prefix);
    return { ok: true, revision, ...pageOf(items.sort(byKey), options) };
  }

  async create(key: string, value: string): Promise<CreateResult> {
    this.assertOpen();
    const decision = decideCreate(this.live.get(key));
    if (!decision.ok) return decision;
    const revision = this.revision + 1;
    return { ok: true, kv: this.commit({ type: 'create', key, value, revision, createRevision: revision }) };
  }

  async update(key: string, value: string, expectedRevision?: number): Promise<UpdateResult> {
    this.assertOpen();
    const decision = decideWrite(this.live.get(key), expectedRevision);
    if (!decision.ok) return decision;
    const { current } = decision;
    const event: StoreEvent = {
      type: 'update', key, value, prevValue: current.value,
      revision: this.revision + 1, createRevision: current.createRevision,
    };
    return { ok: true, kv: this.commit(event) };
  }

  async delete(key: string, expectedRevision?: number): Promise<DeleteResult> {
    this.assertOpen();
    const decision = decideWrite(this.live.get(key), expectedRevision);
    if (!decision.ok) return decision;
    const { current } = decision;
    const revision = this.revision + 1;
    this.commit({
      type: 'delete', key, value: current.value, prevValue: current.value,
      revision, createRevision: current.createRevision,
    });
    return { ok: true, deleted: current, revision };
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

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const target = Math.min(revision, this.revision);
    if (target <= this.compactRevision) return;
    this.log.compact(target);
    this.compactRevision = target;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll();
  }

  private commit(event: StoreEvent): KeyValue {
    this.log.append(event);
    this.revision = event.revision;
    const kv = toKeyValue(event);
    if (event.type === 'delete') this.live.delete(event.key);
    else this.live.set(event.key, kv);
    this.hub.publish(event);
    return kv;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}
