/**
 * Pod event handlers shared by controllers that create pods and track them with
 * expectations (ReplicaSet, StatefulSet, DaemonSet, Job): each pod event re-queues its owner, and each
 * create and delete is reported to the expectations exactly once — a delete when the pod
 * starts terminating, or when it vanishes without a terminating phase (the final object
 * may carry a deletionTimestamp too).
 */
import type { KubeObject } from '../../api/types.js';
import { controllerOf } from '../../api/owners.js';
import type { EventHandlers } from '../../client/index.js';
import type { Expectations } from './expectations.js';

export interface OwnedPodOptions {
  /** Kind of the owning controller, e.g. 'ReplicaSet'. */
  ownerKind: string;
  expectations: Expectations;
  enqueue(key: string): void;
  /** A pod with no controller at all (adoption candidates). */
  onOrphan?(pod: KubeObject): void;
}

export function ownedPodHandlers(opts: OwnedPodOptions): EventHandlers {
  const terminating = new Set<string>();
  const touch = (pod: KubeObject, observed?: 'add' | 'delete') => {
    const ref = controllerOf(pod);
    if (!ref) {
      opts.onOrphan?.(pod);
      return;
    }
    if (ref.kind !== opts.ownerKind) return;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    if (observed === 'add') opts.expectations.observedAdd(key);
    if (observed === 'delete') opts.expectations.observedDelete(key);
    opts.enqueue(key);
  };
  return {
    onAdd: (pod) => touch(pod, 'add'),
    onUpdate: (old, pod) => {
      if (!old.metadata.deletionTimestamp && pod.metadata.deletionTimestamp) {
        terminating.add(pod.metadata.uid!);
        touch(pod, 'delete');
      } else touch(pod);
      // A pod that changed (or lost) its controller: the old owner must re-count.
      if (controllerOf(old)?.uid !== controllerOf(pod)?.uid) touch(old);
    },
    onDelete: (pod) => touch(pod, terminating.delete(pod.metadata.uid!) ? undefined : 'delete'),
  };
}
