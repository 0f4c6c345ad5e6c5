/**
 * The ReplicaSet decision: from the ReplicaSet and the pods of its namespace, which pods
 * to adopt or release, how many to create, which to delete, and the new status. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { controllerOf, isActive, isAvailable, isControlledBy, isReady, msUntilAvailable } from '../common/pods.js';
import { rankForScaleDown } from '../common/scale-down-rank.js';

/** Most pods created or deleted in one pass (Kubernetes' burstReplicas). */
export const BURST_REPLICAS = 500;

export interface ReplicaSetSnapshot {
  replicaSet: KubeObject;
  /** Pods of the ReplicaSet's namespace; the decision filters them. */
  pods: KubeObject[];
  nowMs: number;
  /** False while creates/deletes of an earlier pass have not been observed yet. */
  expectationsSatisfied: boolean;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  conditions?: unknown[];
}

export interface ReplicaSetDecision {
  adopt: KubeObject[];
  release: KubeObject[];
  createCount: number;
  remove: KubeObject[];
  status: ReplicaSetStatus;
  requeueAfterMs?: number;
}

export function desiredReplicas(rs: KubeObject): number {
  return typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 1;
}

function matchesTemplateLabels(pod: KubeObject, templateLabels: Record<string, string>): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(templateLabels).every(([k, v]) => labels[k] === v);
}

export function reconcileReplicaSet(snapshot: ReplicaSetSnapshot): ReplicaSetDecision {
  const { replicaSet: rs, nowMs } = snapshot;
  const selects = labelSelectorMatcher(rs.spec?.selector);
  const deleting = Boolean(rs.metadata.deletionTimestamp);
  const adopt: KubeObject[] = [];
  const release: KubeObject[] = [];
  const owned: KubeObject[] = [];
  for (const pod of snapshot.pods) {
    if (isControlledBy(pod, rs)) {
      if (selects(pod.metadata.labels)) owned.push(pod);
      else release.push(pod);
    } else if (!controllerOf(pod) && !deleting && !pod.metadata.deletionTimestamp && selects(pod.metadata.labels)) {
      adopt.push(pod);
      owned.push(pod);
    }
  }
  const active = owned.filter(isActive);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => matchesTemplateLabels(p, templateLabels)).length,
    readyReplicas: active.filter(isReady).length,
    availableReplicas: active.filter((p) => isAvailable(p, minReady, nowMs)).length,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  const waits = active.map((p) => msUntilAvailable(p, minReady, nowMs)).filter((ms): ms is number => ms !== undefined);
  const requeueAfterMs = waits.length ? Math.min(...waits) : undefined;

  let createCount = 0;
  let remove: KubeObject[] = [];
  if (!deleting && snapshot.expectationsSatisfied) {
    const diff = desiredReplicas(rs) - active.length;
    if (diff > 0) createCount = Math.min(diff, BURST_REPLICAS);
    if (diff < 0) remove = rankForScaleDown(active).slice(0, Math.min(-diff, BURST_REPLICAS));
  }
  return { adopt, release, createCount, remove, status, requeueAfterMs };
}

export function statusChanged(rs: KubeObject, next: ReplicaSetStatus): boolean {
  const cur = rs.status ?? {};
  return (cur.replicas ?? 0) !== next.replicas ||
    (cur.fullyLabeledReplicas ?? 0) !== next.fullyLabeledReplicas ||
    (cur.readyReplicas ?? 0) !== next.readyReplicas ||
    (cur.availableReplicas ?? 0) !== next.availableReplicas ||
    (cur.observedGeneration ?? 0) !== next.observedGeneration;
}
