import type { KeyValue } from './store.js';

/**
 * The compare-and-swap rules every backend applies, kept pure so each backend only does
 * the I/O around them. `current` is the key's live value (undefined when absent or deleted).
 */
export type WriteDecision =
  | { ok: true; current: KeyValue }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: KeyValue };

export type CreateDecision = { ok: true } | { ok: false; reason: 'exists'; current: KeyValue };

export function decideCreate(current: KeyValue | undefined): CreateDecision {
  return current ? { ok: false, reason: 'exists', current } : { ok: true };
}

/** Update and delete: the key must exist, and match `expectedRevision` when one is given. */
export function decideWrite(current: KeyValue | undefined, expectedRevision: number | undefined): WriteDecision {
  if (!current) return { ok: false, reason: 'not-found' };
  if (expectedRevision !== undefined && expectedRevision !== current.modRevision) {
    return { ok: false, reason: 'conflict', current };
  }
  return { ok: true, current };
}
