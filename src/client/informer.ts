/**
 * An informer keeps an indexed cache of one resource type in sync with the server:
 * list, then watch from the list's resourceVersion, applying each event to the cache
 * and telling handlers. When the stream ends (server timeout) it re-watches from the
 * last resourceVersion it saw (BOOKMARKs advance it too); when the server says 410
 * (watch ERROR event or HTTP 410) the history is gone, so it relists and emits the
 * add/update/delete differences between the old cache and the new list. Connection
 * errors back off exponentially with jitter. Stopped by the AbortSignal given to run().
 */
import { apiVersionOf, type KubeObject, type Status, type WatchEvent } from '../api/types.js';
import { ObjectCache, objectKey, type IndexFunc } from './cache.js';
import { realClock, sleep, type Clock } from './clock.js';
import { apiErrorFromResponse, isGone } from './errors.js';
import type { ApiClient, ResourceType } from './types.js';

/** client-go's reflector starts back-off at 800 ms and caps it at 30 s. */
export const DEFAULT_INFORMER_BACKOFF_INITIAL_MS = 800;
export const DEFAULT_INFORMER_BACKOFF_MAX_MS = 30_000;
/** Watches ask the server to end after 5–10 min (random) so load spreads, like client-go. */
export const DEFAULT_WATCH_TIMEOUT_MIN_SECONDS = 300;
export const DEFAULT_LIST_PAGE_SIZE = 500;
/** A watch that ends this fast with no events counts as a failure (avoids a hot reconnect loop). */
export const MIN_HEALTHY_WATCH_MS = 1000;

export interface EventHandlers<T extends KubeObject = KubeObject> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  onDelete?(object: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every resyncMs, onUpdate(obj, obj) for every cached object (0/undefined = never). */
  resyncMs?: number;
  indexers?: Record<string, IndexFunc>;
  clock?: Clock;
  /** [0,1) source for back-off jitter and watch timeouts; inject a seeded one in tests. */
  random?: () => number;
  backoff?: { initialMs?: number; maxMs?: number };
  pageSize?: number;
  /** A watch that ends sooner than this with no events is treated as a failure; default MIN_HEALTHY_WATCH_MS. */
  minHealthyWatchMs?: number;
  /** Told about list/watch failures and handler exceptions (log them). */
  onError?: (err: unknown) => void;
}

export interface Informer<T extends KubeObject = KubeObject> {
  readonly type: ResourceType;
  readonly cache: ObjectCache<T>;
  /** Registers handlers; objects already cached are replayed to onAdd. Returns an unsubscribe. */
  addEventHandler(handlers: EventHandlers<T>): () => void;
  addIndexer(name: string, fn: IndexFunc<T>): void;
  /** Runs until `signal` aborts. Call once. */
  run(signal: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  /** True once the first list is in the cache; false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean>;
  lastResourceVersion(): string;
}

export function createInformer<T extends KubeObject = KubeObject>(
  client: ApiClient, type: ResourceType, options: InformerOptions = {},
): Informer<T> {
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const initialMs = options.backoff?.initialMs ?? DEFAULT_INFORMER_BACKOFF_INITIAL_MS;
  const maxMs = options.backoff?.maxMs ?? DEFAULT_INFORMER_BACKOFF_MAX_MS;
  const report = options.onError ?? (() => {});
  const cache = new ObjectCache<T>();
  for (const [name, fn] of Object.entries(options.indexers ?? {})) cache.addIndexer(name, fn as IndexFunc<T>);
  const handlers = new Set<EventHandlers<T>>();
  const syncWaiters = new Set<() => void>();
  const selection = { namespace: options.namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
  const apiVersion = apiVersionOf(type.group, type.version);
  let synced = false;
  let started = false;
  let resourceVersion = '';

  function emit(fn: (h: EventHandlers<T>) => void): void {
    for (const h of handlers) {
      try {
        fn(h);
      } catch (err) {
        report(err);
      }
    }
  }

  /** List items come without apiVersion/kind; fill them in so handlers see whole objects. */
  function complete(object: T): T {
    return object.kind && object.apiVersion ? object : { ...object, apiVersion, kind: type.kind };
  }

  async function relist(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let listRv = '';
    do {
      const page = await client.list<T>(type, { ...selection, limit: options.pageSize ?? DEFAULT_LIST_PAGE_SIZE, continue: cont, signal });
      items.push(...page.items.map(complete));
      cont = page.metadata.continue || undefined;
      listRv = page.metadata.resourceVersion ?? listRv;
    } while (cont);
    const diff = cache.replace(items);
    resourceVersion = listRv;
    for (const o of diff.deleted) emit((h) => h.onDelete?.(o));
    for (const { oldObject, newObject } of diff.updated) emit((h) => h.onUpdate?.(oldObject, newObject));
    for (const o of diff.added) emit((h) => h.onAdd?.(o));
    if (!synced) {
      synced = true;
      for (const wake of syncWaiters) wake();
    }
  }

  function apply(event: WatchEvent<T>): void {
    const object = complete(event.object);
    if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      const old = cache.upsert(object);
      if (old) emit((h) => h.onUpdate?.(old, object));
      else emit((h) => h.onAdd?.(object));
    } else if (event.type === 'DELETED') {
      cache.remove(objectKey(object));
      emit((h) => h.onDelete?.(object)); // the event carries the object's final state
    }
  }

  /** One watch connection; returns how many events it delivered. Throws on ERROR events. */
  async function watchOnce(signal: AbortSignal): Promise<number> {
    const timeoutSeconds = Math.floor(DEFAULT_WATCH_TIMEOUT_MIN_SECONDS * (1 + random()));
    const stream = await client.watch<T>(type, { ...selection, resourceVersion, allowWatchBookmarks: true, timeoutSeconds, signal });
    let count = 0;
    try {
      for await (const event of stream) {
        if (event.type === 'ERROR') {
          const status = event.object as unknown as Status;
          throw apiErrorFromResponse(status.code || 500, status);
        }
        if (event.type !== 'BOOKMARK') apply(event);
        resourceVersion = event.object.metadata?.resourceVersion || resourceVersion;
        count++;
      }
    } finally {
      stream.close();
    }
    return count;
  }

  function scheduleResync(signal: AbortSignal): void {
    if (!options.resyncMs || signal.aborted) return;
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      for (const o of cache.list()) emit((h) => h.onUpdate?.(o, o));
      scheduleResync(signal);
    }, options.resyncMs);
    const cancel = () => clock.clearTimeout(timer);
    signal.addEventListener('abort', cancel, { once: true });
  }

  function backoffMs(failures: number): number {
    const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
    return ceiling / 2 + (random() * ceiling) / 2; // jitter within [ceiling/2, ceiling)
  }

  async function run(signal: AbortSignal): Promise<void> {
    if (started) throw new Error(`informer for ${type.resource} already started`);
    started = true;
    scheduleResync(signal);
    let needList = true;
    let failures = 0;
    let goneStreak = 0; // 410s in a row with no event between: back off from the second on
    while (!signal.aborted) {
      let listing = false;
      try {
        if (needList) {
          listing = true;
          await relist(signal);
          listing = needList = false;
          failures = 0;
        }
        const startedAt = clock.now();
        const delivered = await watchOnce(signal);
        if (delivered > 0) failures = goneStreak = 0;
        else if (!signal.aborted && clock.now() - startedAt < (options.minHealthyWatchMs ?? MIN_HEALTHY_WATCH_MS)) {
          throw new Error(`watch of ${type.resource} ended immediately without events`);
        }
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err) && !listing) {
          needList = true; // history compacted: only a relist can catch up
          if (goneStreak++ > 0) await sleep(clock, backoffMs(goneStreak), signal);
          continue;
        }
        report(err);
        failures++;
        await sleep(clock, backoffMs(failures), signal);
      }
    }
  }

  return {
    type,
    cache,
    addEventHandler(h) {
      handlers.add(h);
      for (const o of cache.list()) {
        try {
          h.onAdd?.(o);
        } catch (err) {
          report(err);
        }
      }
      return () => void handlers.delete(h);
    },
    addIndexer: (name, fn) => cache.addIndexer(name, fn),
    run,
    hasSynced: () => synced,
    waitForSync(signal) {
      if (synced) return Promise.resolve(true);
      if (signal?.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (value: boolean) => {
          syncWaiters.delete(onSync);
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        };
        const onSync = () => done(true);
        const onAbort = () => done(false);
        syncWaiters.add(onSync);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    lastResourceVersion: () => resourceVersion,
  };
}
