/**
 * What each write may change, as the upstream registry strategies decide it
 * (PrepareForCreate / PrepareForUpdate): users never set status on create, a main-resource
 * update keeps the stored status, and a status write keeps the stored spec.
 */
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { parseQuantity } from '../schema/common/quantity.js';

type Obj = Record<string, unknown> & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const hasStatus = (resource: ResourceInfo): boolean => resource.subresources.some((s) => s.name === 'status');
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** Status a freshly created object starts with; Nodes alone may carry their own. */
export function prepareForCreate(obj: Obj, resource: ResourceInfo): void {
  if (!hasStatus(resource) || resource.kind === 'Node') return;
  delete obj.status;
  if (resource.kind === 'PersistentVolume' || resource.kind === 'PersistentVolumeClaim') obj.status = { phase: 'Pending' };
}

export function prepareForUpdate(obj: Obj, old: KubeObject, resource: ResourceInfo, subresource?: string): void {
  if (subresource === 'status') {
    if (old.spec !== undefined) obj.spec = clone(old.spec);
    else delete obj.spec;
    return;
  }
  if (resource.kind === 'Namespace' && subresource !== 'finalize') {
    // Namespace finalizers change only through the finalize subresource.
    obj.spec = { ...(obj.spec ?? {}), finalizers: clone(old.spec?.finalizers) };
    if (obj.spec.finalizers === undefined) delete obj.spec.finalizers;
  }
  if (hasStatus(resource)) {
    if (old.status !== undefined) obj.status = clone(old.status);
    else delete obj.status;
  }
}

type ResourceMap = Record<string, string | number>;
interface ContainerLike { resources?: { requests?: ResourceMap; limits?: ResourceMap } }
interface PodLike { spec?: { containers?: ContainerLike[]; initContainers?: ContainerLike[] } }

/** Kubernetes QoS class from the (defaulted) container resources. */
export function qosClass(pod: PodLike): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length + Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || parseQuantity(req[r] ?? lim[r]) !== parseQuantity(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A new pod is Pending until scheduled, with its QoS class fixed at creation. */
export function initialPodStatus(pod: PodLike): Record<string, unknown> {
  return { phase: 'Pending', qosClass: qosClass(pod) };
}
