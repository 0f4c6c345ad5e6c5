/**
 * Admission: decode → unknown-field check → defaults → validation, for one object of one
 * resource. Pure (no I/O). The apiserver calls `admit` for every create and update
 * (including the result of a patch) before it writes to the store.
 *
 * CONTRACT (stub until the schema work lands): the signature below is fixed.
 */
import type { ApiError } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface AdmitRequest {
  verb: 'create' | 'update';
  resource: ResourceInfo;
  /** The parsed request body (create/update) or the patched object (patch). */
  object: unknown;
  /** The stored object, for updates (immutable-field checks). */
  old?: KubeObject;
  /** Subresource being written ('status', 'scale' …), if any. */
  subresource?: string;
  fieldValidation: FieldValidation;
}

export type AdmitResult =
  | { ok: true; object: KubeObject; warnings: string[] }
  | { ok: false; error: ApiError };

export function admit(request: AdmitRequest): AdmitResult {
  return { ok: true, object: request.object as KubeObject, warnings: [] };
}
