/**
 * The autoscaling/v1 Scale subresource of deployments, replicasets and statefulsets
 * (kubernetes-api.md §7.3). Its resourceVersion is the parent's; writing it changes the
 * parent's spec.replicas (and so its generation).
 */
import { invalid } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import { labelSelectorToString } from '../../api/selectors/index.js';
import type { RegistryDeps, Target, WriteOptions, WriteOutcome } from './context.js';
import { getObject } from './get.js';
import { checkPrecondition, guaranteedUpdate } from './guaranteed-update.js';
import { requireObjectOf } from './meta.js';
import { patchDocument, type PatchRequest } from './patch.js';

export function scaleOf(parent: KubeObject): KubeObject {
  const m = parent.metadata;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: parent.spec?.replicas ?? 1 },
    status: { replicas: parent.status?.replicas ?? 0, selector: labelSelectorToString(parent.spec?.selector) },
  };
}

function replicasOf(target: Target, scale: KubeObject): number {
  const replicas = scale.spec?.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', target.name ?? '', [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }], 'autoscaling');
  }
  return replicas;
}

function withReplicas(parent: KubeObject, replicas: number): KubeObject {
  return { ...parent, spec: { ...(parent.spec ?? {}), replicas } };
}

export async function getScale(deps: RegistryDeps, target: Target): Promise<KubeObject> {
  return scaleOf(await getObject(deps, target));
}

async function writeScale(deps: RegistryDeps, target: Target, toScale: (current: KubeObject) => KubeObject, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  const out = await guaranteedUpdate(deps, target, {
    mutate: (current) => {
      const scale = toScale(current);
      checkPrecondition(target, scale.metadata?.resourceVersion, current);
      return withReplicas(current, replicasOf(target, scale));
    },
  }, options);
  return { ...out, body: scaleOf(out.body) };
}

export function updateScale(deps: RegistryDeps, target: Target, body: unknown, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  const scale = requireObjectOf(target.resource, body, 'Scale', 'autoscaling/v1');
  return writeScale(deps, target, () => scale, options);
}

export function patchScale(deps: RegistryDeps, target: Target, request: PatchRequest, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  const type = request.type === 'apply' ? 'merge' : request.type;
  return writeScale(deps, target, (current) => {
    const patched = patchDocument('Scale', scaleOf(current), { type, patch: request.patch });
    return requireObjectOf(target.resource, patched, 'Scale', 'autoscaling/v1');
  }, options);
}
