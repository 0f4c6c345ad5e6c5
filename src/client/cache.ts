/**
 * The informer's in-memory store: objects by `namespace/name` (or `name` when
 * cluster-scoped, like client-go's MetaNamespaceKeyFunc) plus secondary indexes
 * computed by IndexFuncs (e.g. pods by spec.nodeName). No I/O.
 */
import type { KubeObject } from '../api/types.js';

export type IndexFunc<T extends KubeObject = KubeObject> = (object: T) => string[];

export function objectKey(object: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : `${name}`;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Ready-made index functions. */
export const byNamespace: IndexFunc = (o) => (o.metadata.namespace ? [o.metadata.namespace] : []);
export const byNodeName: IndexFunc = (o) => (typeof o.spec?.nodeName === 'string' && o.spec.nodeName ? [o.spec.nodeName] : []);
export const byOwnerUid: IndexFunc = (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid);
export const byControllerUid: IndexFunc = (o) => (o.metadata.ownerReferences ?? []).filter((r) => r.controller).map((r) => r.uid);

export interface ReplaceDiff<T> {
  added: T[];
  updated: Array<{ oldObject: T; newObject: T }>;
  deleted: T[];
}

export class ObjectCache<T extends KubeObject = KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Objects whose index `indexName` yields `value`. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`no index named "${indexName}"`);
    return [...(index.get(value) ?? [])].map((key) => this.objects.get(key)!);
  }

  /** Adds an index; existing objects are indexed at once. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexFuncs.has(name)) throw new Error(`index "${name}" already exists`);
    this.indexFuncs.set(name, fn);
    this.indexes.set(name, new Map());
    for (const [key, object] of this.objects) this.indexOne(name, key, object);
  }

  hasIndexer(name: string): boolean {
    return this.indexFuncs.has(name);
  }

  /** Stores `object`, returning what it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const old = this.objects.get(key);
    if (old) this.unindex(key, old);
    this.objects.set(key, object);
    for (const name of this.indexFuncs.keys()) this.indexOne(name, key, object);
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.objects.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.objects.delete(key);
    return old;
  }

  /**
   * Makes the cache hold exactly `objects` (a relist) and says what changed: new keys are
   * added, vanished keys deleted, and keys whose resourceVersion moved are updated.
   */
  replace(objects: T[]): ReplaceDiff<T> {
    const diff: ReplaceDiff<T> = { added: [], updated: [], deleted: [] };
    const seen = new Set<string>();
    for (const object of objects) {
      const key = objectKey(object);
      seen.add(key);
      const old = this.upsert(object);
      if (!old) diff.added.push(object);
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) diff.updated.push({ oldObject: old, newObject: object });
    }
    for (const key of this.keys()) {
      if (!seen.has(key)) diff.deleted.push(this.remove(key)!);
    }
    return diff;
  }

  private indexOne(name: string, key: string, object: T): void {
    const index = this.indexes.get(name)!;
    for (const value of this.indexFuncs.get(name)!(object)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, object: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indexes.get(name)!;
      for (const value of fn(object)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
