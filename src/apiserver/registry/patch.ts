/**
 * PATCH (strategic, merge, JSON patch, and a minimal server-side apply). The patch is
 * applied to the live object including its resourceVersion, so a patch that sets another
 * resourceVersion is a precondition and fails with 409 (kubernetes-api.md §8).
 * Server-side apply here creates when absent and otherwise merges the applied intent
 * like a strategic patch; managedFields and field-ownership conflicts are not tracked.
 */
import { ApiError, badRequest, invalid } from '../../api/errors.js';
import { applyPatch, isPlainObject } from '../../api/patch/index.js';
import type { KubeObject } from '../../api/types.js';
import type { PatchType } from '../http/negotiate.js';
import type { RegistryDeps, Target, WriteOptions, WriteOutcome } from './context.js';
import { createObject } from './create.js';
import { checkPrecondition, guaranteedUpdate } from './guaranteed-update.js';
import { requireObjectOf } from './meta.js';
import { checkNames, mergeForSubresource } from './update.js';

export interface PatchRequest {
  type: PatchType;
  patch: unknown;
}

/** Apply a patch document to `object` (with its resourceVersion), mapping failures to Status errors. */
export function patchDocument(kind: string, object: unknown, request: PatchRequest): unknown {
  const type = request.type === 'apply' ? 'strategic' : request.type;
  const out = applyPatch(object, request.patch, type, kind);
  if (out.ok) return out.object;
  if (out.error.kind === 'malformed') throw badRequest(out.error.message);
  throw invalid('', '', [{ reason: 'FieldValueInvalid', field: 'patch', message: out.error.message }]);
}

function checkApplyRequest(target: Target, request: PatchRequest, options: WriteOptions): void {
  if (request.type !== 'apply') return;
  if (!options.fieldManager) {
    throw badRequest('PATCH requests with Content-Type application/apply-patch+yaml require the fieldManager query parameter');
  }
  if (!isPlainObject(request.patch)) throw badRequest('an apply patch must be an object');
  requireObjectOf(target.resource, request.patch);
}

export async function patchObject(deps: RegistryDeps, target: Target, request: PatchRequest, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  checkApplyRequest(target, request, options);
  const onMissing = request.type === 'apply' && !target.subresource
    ? () => createObject(deps, { ...target, name: undefined }, { ...(request.patch as object), metadata: { ...((request.patch as KubeObject).metadata ?? {}), name: target.name } }, options)
    : undefined;
  return guaranteedUpdate(deps, target, {
    onMissing,
    mutate: (current) => {
      const patched = patchDocument(target.resource.kind, current, request);
      if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) {
        throw new ApiError({ code: 422, reason: 'Invalid', message: 'the patch result is not an object with metadata' });
      }
      const result = requireObjectOf(target.resource, patched);
      checkNames(target, result);
      checkPrecondition(target, result.metadata.resourceVersion, current);
      return mergeForSubresource(target.resource, target.subresource, current, result);
    },
  }, options);
}
