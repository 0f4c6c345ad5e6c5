/**
 * The datastore interface (architecture.md §3). The apiserver is its only user.
 *
 * Keys are opaque strings; the apiserver uses `/registry/<group>/<resource>/<namespace>/<name>`
 * (cluster-scoped: no namespace segment). Values are serialized objects (JSON text, or an
 * encrypted envelope for Secrets); the store never looks inside them.
 *
 * Revisions: one global, strictly increasing counter across all keys (the Kubernetes
 * resourceVersion). Every successful create/update/delete takes the next revision.
 * Expected outcomes — a key that exists, a stale revision, a compacted watch start — are
 * returned values, never exceptions. Exceptions mean the backend itself failed.
 */

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that produced this value (Kubernetes resourceVersion). */
  modRevision: number;
  /** Revision at which the key was (last) created. */
  createRevision: number;
}

export type CreateResult =
  | { ok: true; kv: KeyValue }
  | { ok: false; reason: 'exists'; current: KeyValue };

export type UpdateResult =
  | { ok: true; kv: KeyValue }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: KeyValue };

export type DeleteResult =
  | { ok: true; deleted: KeyValue; revision: number }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: KeyValue };

export interface ListOptions {
  /** Return at most this many items (0 or absent = all). */
  limit?: number;
  /** Exclusive start key, for paging: items with key > startAfter. */
  startAfter?: string;
  /**
   * Read as of this revision (for consistent paging). Absent = latest.
   * A revision older than the compacted one yields { ok: false, reason: 'compacted' }.
   */
  revision?: number;
}

export type ListResult =
  | { ok: true; items: KeyValue[]; revision: number; more: boolean; remaining: number }
  | { ok: false; reason: 'compacted'; compactRevision: number };

export type StoreEventType = 'create' | 'update' | 'delete';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  /** The new value; for 'delete' the last value before deletion. */
  value: string;
  /** The value before this event (absent for 'create'). */
  prevValue?: string;
  /** Revision of this event. For 'delete', the revision of the deletion. */
  revision: number;
  createRevision: number;
}

export interface WatchOptions {
  prefix: string;
  /** Deliver every event with revision > afterRevision (0 = only future events). */
  afterRevision: number;
  signal?: AbortSignal;
}

/**
 * A live watch. Events arrive in revision order through `onEvent`. The watch ends with
 * `onClose(reason)`: 'closed' (caller aborted / store closed) or 'too-slow' (the watcher
 * fell more than the buffer behind and was cut off; the caller must re-watch from its last
 * revision).
 */
export interface WatchHandlers {
  /**
   * Return a promise to apply back-pressure (e.g. until the HTTP response drains): the next
   * event is delivered once it settles, and events queue meanwhile — up to the buffer bound,
   * beyond which the watch ends 'too-slow'. A throw or rejection ends the watch 'closed'.
   */
  onEvent(event: StoreEvent): void | Promise<void>;
  onClose(reason: 'closed' | 'too-slow'): void;
}

export type WatchResult =
  | { ok: true; cancel: () => void }
  | { ok: false; reason: 'compacted'; compactRevision: number };

export interface Store {
  readonly backend: 'memory' | 'sqlite' | 'etcd';
  get(key: string): Promise<KeyValue | undefined>;
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  create(key: string, value: string): Promise<CreateResult>;
  /** Compare-and-swap on modRevision; expectedRevision undefined = unconditional. */
  update(key: string, value: string, expectedRevision?: number): Promise<UpdateResult>;
  delete(key: string, expectedRevision?: number): Promise<DeleteResult>;
  /** Back-fill events after `afterRevision` from history, then stream live ones, with no gap. */
  watch(options: WatchOptions, handlers: WatchHandlers): Promise<WatchResult>;
  /** Latest revision written. */
  currentRevision(): Promise<number>;
  /** Oldest revision a watch or list may still start from. */
  compactedRevision(): Promise<number>;
  /** Drop history at or below `revision` (current values are kept). */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
