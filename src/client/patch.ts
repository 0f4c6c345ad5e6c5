/**
 * Patches for the fake client, over the apiserver's own pure implementations in
 * src/api/patch (so the fake applies strategic merge patches exactly like the server).
 * Failures throw PatchError here, the fake's convention.
 */
import { applyPatch, isPlainObject, type PatchKind } from '../api/patch/index.js';

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

function run(target: unknown, patch: unknown, type: PatchKind, kind = ''): unknown {
  const result = applyPatch(target, patch, type, kind);
  if (!result.ok) throw new PatchError(result.error.message);
  return result.object;
}

/** RFC 7386; a patch that is not an object replaces the document. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return isPlainObject(patch) ? run(target, patch, 'merge') : structuredClone(patch);
}

/** RFC 6902, including `test`. */
export function applyJsonPatch(target: unknown, operations: JsonPatchOperation[]): unknown {
  return run(target, operations, 'json');
}

/** Kubernetes strategic merge patch for a built-in kind. */
export function applyStrategicPatch(target: unknown, patch: unknown, kind: string): unknown {
  return run(target, patch, 'strategic', kind);
}
