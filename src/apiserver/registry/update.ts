/**
 * PUT of an object or its status. A main-resource write keeps the stored status (when
 * the kind has a status subresource); a /status write changes only status. 409 on a stale
 * metadata.resourceVersion; absent = unconditional.
 */
import { badRequest } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { RegistryDeps, Target, WriteOptions, WriteOutcome } from './context.js';
import { checkPrecondition, guaranteedUpdate } from './guaranteed-update.js';
import { requireObjectOf } from './meta.js';

function hasStatusSubresource(resource: ResourceInfo): boolean {
  return resource.subresources.some((s) => s.name === 'status');
}

/** What a write through `subresource` may change: the rest comes from `current`. */
export function mergeForSubresource(resource: ResourceInfo, subresource: string | undefined, current: KubeObject, incoming: KubeObject): KubeObject {
  if (subresource === 'status') return { ...current, status: incoming.status };
  if (subresource === 'finalize') return { ...current, spec: { ...(current.spec ?? {}), finalizers: incoming.spec?.finalizers } };
  if (!hasStatusSubresource(resource)) return incoming;
  const next: KubeObject = { ...incoming };
  if (current.status === undefined) delete next.status;
  else next.status = current.status;
  return next;
}

export function checkNames(target: Target, object: KubeObject): void {
  if (object.metadata.name !== undefined && object.metadata.name !== target.name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${target.name})`);
  }
  if (target.resource.namespaced && object.metadata.namespace && object.metadata.namespace !== target.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

export async function updateObject(deps: RegistryDeps, target: Target, body: unknown, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  const incoming = requireObjectOf(target.resource, body);
  checkNames(target, incoming);
  return guaranteedUpdate(deps, target, {
    mutate: (current) => {
      checkPrecondition(target, incoming.metadata.resourceVersion, current);
      return mergeForSubresource(target.resource, target.subresource, current, incoming);
    },
  }, options);
}
