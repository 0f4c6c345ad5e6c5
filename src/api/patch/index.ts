/**
 * Patch application for PATCH requests: JSON patch (RFC 6902), JSON merge patch
 * (RFC 7386) and Kubernetes strategic merge patch. Pure; failures are values.
 */
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicPatch, StrategicPatchError } from './strategic.js';
import { isPlainObject } from './json.js';

export type PatchKind = 'strategic' | 'merge' | 'json';

/**
 * 'malformed': the patch document itself is unusable (HTTP 400);
 * 'invalid': it could not be applied to this object (a failed `test`, a missing path; HTTP 422).
 */
export type PatchResult = { ok: true; object: unknown } | { ok: false; error: { kind: 'malformed' | 'invalid'; message: string } };

export function applyPatch(target: unknown, patchBody: unknown, type: PatchKind, kind: string): PatchResult {
  switch (type) {
    case 'json': {
      const out = applyJsonPatch(target, patchBody);
      return out.ok ? out : { ok: false, error: { kind: out.kind, message: out.message } };
    }
    case 'merge':
      if (!isPlainObject(patchBody)) return { ok: false, error: { kind: 'malformed', message: 'a merge patch must be a JSON object' } };
      return { ok: true, object: applyMergePatch(target, patchBody) };
    case 'strategic':
      try {
        return { ok: true, object: applyStrategicPatch(target, patchBody, kind) };
      } catch (err) {
        if (err instanceof StrategicPatchError) return { ok: false, error: { kind: 'invalid', message: err.message } };
        throw err;
      }
  }
}

export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicPatch, StrategicPatchError } from './strategic.js';
export { listStrategy, MERGE_RULES } from './merge-keys.js';
export type { ListStrategy } from './merge-keys.js';
export { deepEqual, isPlainObject } from './json.js';
