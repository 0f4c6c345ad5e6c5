/**
 * The StatefulSet decision: from the StatefulSet, the pods and the claims of its namespace,
 * which ordinals to create (with their missing claims), which pods to delete, and the new
 * status. Pure. OrderedReady acts on one ordinal at a time, lowest first when growing and
 * highest first when shrinking or updating; Parallel creates and shrinks all at once.
 */
import type { KubeObject } from '../../api/types.js';
import { isActive, isAvailable, isControlledBy, isReady, isTerminal } from '../common/pods.js';
import { templateHash } from '../deployment/hash.js';
import { claimsFor, ordinalOf, podName, REVISION_LABEL, statefulPodFor } from './pod-template.js';

export interface StatefulSetSnapshot {
  statefulSet: KubeObject;
  /** Pods and PersistentVolumeClaims of the StatefulSet's namespace; the decision filters them. */
  pods: KubeObject[];
  claims: KubeObject[];
  nowMs: number;
  /** False while creates/deletes of an earlier pass have not been observed yet. */
  expectationsSatisfied: boolean;
}

export interface StatefulSetStatus {
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  observedGeneration: number;
}

export interface StatefulSetDecision {
  /** Claims first, then pods: a pod must never start without its volumes. */
  createClaims: KubeObject[];
  createPods: KubeObject[];
  /** Pods to delete; `reason` tells the event apart. */
  remove: Array<{ pod: KubeObject; reason: 'ScaleDown' | 'Failed' | 'Update' }>;
  status: StatefulSetStatus;
}

const revisionOf = (pod: KubeObject) => pod.metadata.labels?.[REVISION_LABEL];
const healthy = (pod: KubeObject) => pod.status?.phase === 'Running' && isReady(pod) && !pod.metadata.deletionTimestamp;

export function desiredReplicas(sts: KubeObject): number {
  return typeof sts.spec?.replicas === 'number' ? sts.spec.replicas : 1;
}

export function reconcileStatefulSet(snapshot: StatefulSetSnapshot): StatefulSetDecision {
  const { statefulSet: sts } = snapshot;
  const replicas = desiredReplicas(sts);
  const parallel = sts.spec?.podManagementPolicy === 'Parallel';
  const updateRevision = templateHash(sts.spec?.template);
  const partition: number = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const rolling = (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

  // Any pod holding an ordinal's name occupies it, owned or not: the name is the fence.
  const byName = new Map(snapshot.pods.map((p) => [p.metadata.name!, p]));
  const owned = snapshot.pods.filter((p) => isControlledBy(p, sts) && ordinalOf(sts, p) !== undefined);
  const status = statusOf(snapshot, owned, updateRevision);
  const decision: StatefulSetDecision = { createClaims: [], createPods: [], remove: [], status };
  if (sts.metadata.deletionTimestamp || !snapshot.expectationsSatisfied) return decision;

  const claimNames = new Set(snapshot.claims.map((c) => c.metadata.name!));
  let blocked = false;
  for (let i = 0; i < replicas && !blocked; i++) {
    const pod = byName.get(podName(sts, i));
    if (!pod) {
      decision.createClaims.push(...claimsFor(sts, i).filter((c) => !claimNames.has(c.metadata.name!)));
      decision.createPods.push(statefulPodFor(sts, i, updateRevision));
      blocked = !parallel;
    } else if (!isControlledBy(pod, sts)) {
      blocked = !parallel; // someone else's pod has our name; wait for it to go
    } else if (isTerminal(pod) && !pod.metadata.deletionTimestamp) {
      decision.remove.push({ pod, reason: 'Failed' }); // recreated under the same name once gone
      blocked = !parallel;
    } else if (!healthy(pod)) {
      blocked = !parallel;
    }
  }

  const condemned = owned.filter((p) => ordinalOf(sts, p)! >= replicas).sort((a, b) => ordinalOf(sts, b)! - ordinalOf(sts, a)!);
  if (parallel) {
    decision.remove.push(...condemned.filter((p) => !p.metadata.deletionTimestamp).map((pod) => ({ pod, reason: 'ScaleDown' as const })));
  } else if (!blocked && condemned.length > 0) {
    // Highest first, one at a time, and only once the previous one is gone and all others are healthy.
    if (condemned.every((p) => !p.metadata.deletionTimestamp) && condemned.slice(1).every(healthy)) {
      decision.remove.push({ pod: condemned[0], reason: 'ScaleDown' });
    }
    blocked = true;
  }
  if (blocked || !rolling || decision.remove.length > 0 || decision.createPods.length > 0) return decision;

  // Rolling update: every ordinal exists and is healthy; replace the highest outdated one at or above the partition.
  const inRange = owned.filter((p) => ordinalOf(sts, p)! < replicas);
  if (inRange.length < replicas || !inRange.every(healthy)) return decision;
  const outdated = inRange
    .filter((p) => ordinalOf(sts, p)! >= partition && revisionOf(p) !== updateRevision)
    .sort((a, b) => ordinalOf(sts, b)! - ordinalOf(sts, a)!);
  if (outdated.length > 0) decision.remove.push({ pod: outdated[0], reason: 'Update' });
  return decision;
}

function statusOf(snapshot: StatefulSetSnapshot, owned: KubeObject[], updateRevision: string): StatefulSetStatus {
  const sts = snapshot.statefulSet;
  const active = owned.filter(isActive);
  const minReady: number = sts.spec?.minReadySeconds ?? 0;
  const updated = active.filter((p) => revisionOf(p) === updateRevision);
  const replicas = desiredReplicas(sts);
  const done = updated.length === replicas && active.length === replicas && updated.every(isReady);
  const currentRevision: string = done ? updateRevision : (sts.status?.currentRevision ?? updateRevision);
  return {
    replicas: active.length,
    readyReplicas: active.filter(isReady).length,
    currentReplicas: active.filter((p) => revisionOf(p) === currentRevision).length,
    updatedReplicas: updated.length,
    availableReplicas: active.filter((p) => isAvailable(p, minReady, snapshot.nowMs)).length,
    currentRevision,
    updateRevision,
    observedGeneration: sts.metadata.generation ?? 0,
  };
}

export function statusChanged(sts: KubeObject, next: StatefulSetStatus): boolean {
  const cur = sts.status ?? {};
  return (Object.keys(next) as Array<keyof StatefulSetStatus>).some((k) => (cur[k] ?? (typeof next[k] === 'number' ? 0 : undefined)) !== next[k]);
}
