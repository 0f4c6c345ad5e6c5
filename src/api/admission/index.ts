/**
 * Admission: decode → unknown-field check → defaults → validation, for one object of one
 * resource. Pure (no I/O). The apiserver calls `admit` for every create and update
 * (including the result of a patch) before it writes to the store.
 *
 * Order (as kube-apiserver): decode with the kind's schema (400 on type errors, unknown
 * fields per fieldValidation), registry strategy (status/spec ownership), defaults,
 * validation (422 Invalid with field causes).
 */
import { type ApiError, badRequest, invalid } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import { applyDefaults } from '../schema/defaults/index.js';
import { SCHEMAS } from '../schema/index.js';
import type { Service } from '../schema/service.js';
import { apiVersionOf, type KubeObject } from '../types.js';
import { decode, type FieldValidation } from './decode.js';
import { initialPodStatus, prepareForCreate, prepareForUpdate } from './strategy.js';
import { keepAllocatedServiceFields } from './validation/service.js';
import { validateObject } from './validation/index.js';

export type { FieldValidation } from './decode.js';
export type { FieldCause } from './field-errors.js';

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

function nameOf(obj: unknown): string {
  const meta = (obj as { metadata?: { name?: unknown; generateName?: unknown } } | null)?.metadata;
  const name = meta?.name ?? meta?.generateName;
  return typeof name === 'string' ? name : '';
}

function checkTypeMeta(obj: Record<string, unknown>, resource: ResourceInfo): ApiError | undefined {
  const apiVersion = apiVersionOf(resource.group, resource.version);
  if (obj.kind !== undefined && obj.kind !== resource.kind) {
    return badRequest(`the kind in the body (${String(obj.kind)}) does not match the kind of the resource (${resource.kind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    return badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = resource.kind;
  return undefined;
}

export function admit(request: AdmitRequest): AdmitResult {
  const { resource, old, subresource } = request;
  const schema = SCHEMAS[resource.kind];
  if (!schema) return { ok: true, object: request.object as KubeObject, warnings: [] };
  const group = resource.group || undefined;
  const decoded = decode(schema, request.object, {
    kind: resource.kind, version: resource.version, fieldValidation: request.fieldValidation,
  });
  if (decoded.kind === 'badRequest') return { ok: false, error: decoded.error };
  if (decoded.kind === 'invalid') return { ok: false, error: invalid(resource.kind, nameOf(request.object), decoded.causes, group) };

  const obj = decoded.value;
  const typeError = checkTypeMeta(obj, resource);
  if (typeError) return { ok: false, error: typeError };

  if (request.verb === 'create') prepareForCreate(obj, resource);
  else if (old) {
    prepareForUpdate(obj, old, resource, subresource);
    if (resource.kind === 'Service') keepAllocatedServiceFields(obj as Service, old as Service);
  }
  applyDefaults(resource.kind, obj);
  if (request.verb === 'create' && resource.kind === 'Pod') obj.status = initialPodStatus(obj);

  const causes = validateObject(obj, { resource, old: request.verb === 'update' ? old : undefined, subresource });
  if (causes.length > 0) return { ok: false, error: invalid(resource.kind, nameOf(obj), causes, group) };
  return { ok: true, object: obj as KubeObject, warnings: decoded.warnings };
}
