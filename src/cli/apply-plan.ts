/**
 * The pure half of `tug apply`: given the object in the file and the one on the server,
 * decide create / unchanged / replace. "Unchanged" means every field the file sets already
 * has that value on the server; fields the server added (uid, status, defaults) don't count.
 */
import type { KubeObject } from '../api/types.js';

export type ApplyDecision =
  | { action: 'create'; object: KubeObject }
  | { action: 'unchanged' }
  | { action: 'replace'; object: KubeObject };

/** True when every value in `wanted` is present, equal, in `actual` (arrays compared whole). */
export function isSubsetOf(wanted: unknown, actual: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') return wanted === actual;
  if (Array.isArray(wanted)) {
    return Array.isArray(actual) && wanted.length === actual.length && wanted.every((w, i) => isSubsetOf(w, actual[i]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const actualRecord = actual as Record<string, unknown>;
  return Object.entries(wanted as Record<string, unknown>).every(([k, v]) => isSubsetOf(v, actualRecord[k]));
}

export function planApply(desired: KubeObject, current: KubeObject | undefined): ApplyDecision {
  if (!current) return { action: 'create', object: desired };
  if (isSubsetOf(desired, current)) return { action: 'unchanged' };
  // PUT with the current resourceVersion: a concurrent writer makes this a 409 and we retry.
  return {
    action: 'replace',
    object: { ...desired, metadata: { ...desired.metadata, resourceVersion: current.metadata?.resourceVersion } },
  };
}
