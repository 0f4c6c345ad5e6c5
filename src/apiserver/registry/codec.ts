/**
 * Objects ↔ store values. Values are JSON without metadata.resourceVersion: the version is
 * the store's modRevision, set on every read so it is never stale.
 */
import type { KeyValue } from '../../store/store.js';
import type { KubeObject } from '../../api/types.js';
import { deepEqual } from '../../api/patch/index.js';

export function decodeValue(value: string, revision: number): KubeObject {
  const object = JSON.parse(value) as KubeObject;
  object.metadata.resourceVersion = String(revision);
  return object;
}

export function decodeKv(kv: KeyValue): KubeObject {
  return decodeValue(kv.value, kv.modRevision);
}

export function encodeObject(object: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/** Parse a resourceVersion string; undefined when absent/empty/not a number. */
export function parseRevision(rv: unknown): number | undefined {
  if (typeof rv !== 'string' || rv === '') return undefined;
  const n = Number(rv);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Equal apart from resourceVersion (and key order): a write that would change nothing. */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  const { resourceVersion: _a, ...ma } = a.metadata;
  const { resourceVersion: _b, ...mb } = b.metadata;
  return deepEqual({ ...a, metadata: ma }, { ...b, metadata: mb });
}
