/** Small pure helpers over a Deployment's ReplicaSets. */
import type { KubeObject } from '../../api/types.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** Set on a ReplicaSet once a rollout to it completed: a safe target for automatic rollback. */
export const AVAILABLE_ANNOTATION = 'tugboat.io/rollout-complete';

export function revisionOf(rs: KubeObject): number {
  const n = Number(rs.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isFinite(n) ? n : 0;
}

export function replicasOf(rs: KubeObject): number {
  return typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 0;
}

export function availableOf(rs: KubeObject): number {
  return rs.status?.availableReplicas ?? 0;
}

export function byCreationOldestFirst(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta - tb || revisionOf(a) - revisionOf(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

export function counts(rs: KubeObject) {
  return { name: rs.metadata.name!, replicas: replicasOf(rs), available: availableOf(rs) };
}
