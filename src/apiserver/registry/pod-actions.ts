/**
 * pods/binding and pods/eviction. A binding sets spec.nodeName once (409 when the pod is
 * already bound, as upstream's assignPod); an eviction is a delete that respects grace.
 */
import { badRequest, conflict } from '../../api/errors.js';
import type { KubeObject, Status } from '../../api/types.js';
import { isPlainObject } from '../../api/patch/index.js';
import { nowOf, timestamp, type RegistryDeps, type Target, type WriteOptions } from './context.js';
import { deleteObject } from './delete.js';
import type { DeleteOptions } from './deletion.js';
import { guaranteedUpdate } from './guaranteed-update.js';

export function successStatus(code: number): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

function withScheduledCondition(pod: KubeObject, now: Date): unknown[] {
  const conditions = ((pod.status?.conditions ?? []) as Array<{ type?: string }>).filter((c) => c.type !== 'PodScheduled');
  return [...conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(now) }];
}

export async function bindPod(deps: RegistryDeps, target: Target, body: unknown, options: WriteOptions): Promise<Status> {
  if (!isPlainObject(body) || !isPlainObject(body.target) || typeof body.target.name !== 'string' || body.target.name === '') {
    throw badRequest('a Binding needs target.name (the node)');
  }
  const node = body.target.name;
  const ref = { resource: 'pods/binding', group: '' };
  const name = target.name ?? '';
  await guaranteedUpdate(deps, { ...target, subresource: 'binding' }, {
    admission: false,
    mutate: (pod) => {
      if (pod.metadata.deletionTimestamp) throw conflict(ref, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec?.nodeName) throw conflict(ref, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      const annotations = isPlainObject(body.metadata) && isPlainObject(body.metadata.annotations) ? body.metadata.annotations as Record<string, string> : {};
      return {
        ...pod,
        metadata: Object.keys(annotations).length === 0 ? pod.metadata
          : { ...pod.metadata, annotations: { ...(pod.metadata.annotations ?? {}), ...annotations } },
        spec: { ...(pod.spec ?? {}), nodeName: node },
        status: { ...(pod.status ?? {}), conditions: withScheduledCondition(pod, nowOf(deps)) },
      };
    },
  }, options);
  return successStatus(201);
}

export async function evictPod(deps: RegistryDeps, target: Target, body: unknown, dryRun: boolean): Promise<Status> {
  const raw = isPlainObject(body) && isPlainObject(body.deleteOptions) ? body.deleteOptions : {};
  const options: DeleteOptions = {
    gracePeriodSeconds: typeof raw.gracePeriodSeconds === 'number' ? raw.gracePeriodSeconds : undefined,
    preconditions: isPlainObject(raw.preconditions) ? raw.preconditions as DeleteOptions['preconditions'] : undefined,
    dryRun: dryRun || (Array.isArray(raw.dryRun) && raw.dryRun.includes('All')),
  };
  await deleteObject(deps, { ...target, subresource: undefined }, options);
  return successStatus(201);
}
