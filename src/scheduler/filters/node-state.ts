/** Cordoned (spec.unschedulable) and not-Ready nodes take no new pods. */
import type { Filter } from '../types.js';
import { tolerates } from './taints.js';

export const schedulableNode: Filter = (pod, node) => {
  if (node.node.spec?.unschedulable && !tolerates(pod.spec?.tolerations ?? [], { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return 'node(s) were unschedulable';
  }
  const ready = (node.node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready?.status !== 'True' && !tolerates(pod.spec?.tolerations ?? [], { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' })) {
    return 'node(s) were not ready';
  }
  return undefined;
};
