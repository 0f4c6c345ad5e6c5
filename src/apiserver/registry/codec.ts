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

/** The object just written, as a read would return it (saves re-parsing the stored text). */
export function withRevision(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
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

/**
 * The JSON text of a stored value with its resourceVersion, without parse + stringify: the
 * version is spliced in right after the top-level `"metadata":{`. Lists of thousands of
 * objects are mostly this. Falls back to decode + stringify when the text is not in the
 * shape encodeObject writes (no top-level metadata object, or a resourceVersion present).
 */
export function valueJsonWithRevision(value: string, revision: number): string {
  const at = topLevelMetadataBody(value);
  if (at < 0 || value.includes('"resourceVersion"')) return JSON.stringify(decodeValue(value, revision));
  const field = `"resourceVersion":"${revision}"`;
  return value[at] === '}' ? `${value.slice(0, at)}${field}${value.slice(at)}` : `${value.slice(0, at)}${field},${value.slice(at)}`;
}

const METADATA_KEY = '"metadata"';

/**
 * Index just past the `{` of the top-level "metadata" object in compact JSON text
 * (JSON.stringify output: no whitespace), or -1. Walks only depth and strings, so a nested
 * "metadata" (a pod template's) is never taken for the object's own.
 */
export function topLevelMetadataBody(text: string): number {
  if (text.charCodeAt(0) !== 123 /* { */) return -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (depth === 1 && text.startsWith(METADATA_KEY, i) && text.charCodeAt(i + METADATA_KEY.length) === 58 /* : */) {
        return text.charCodeAt(i + METADATA_KEY.length + 1) === 123 ? i + METADATA_KEY.length + 2 : -1;
      }
      // Skip the string, honouring escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 || c === 91 /* [ */) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return -1;
}
