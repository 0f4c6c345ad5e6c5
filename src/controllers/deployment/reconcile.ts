/**
 * The Deployment decision: from a Deployment, the ReplicaSets and pods of its namespace and
 * the time, the one next move (adopt, roll back, create the new ReplicaSet, scale, clean up
 * history) plus the status to write. Pure; the shell in controller.ts applies it.
 */
import type { KubeObject } from '../../api/types.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { controllerOf, isActive, isControlledBy } from '../common/pods.js';
import { newReplicasForScaleUp, oldReplicasForScaleDown, resolveFenceposts } from './arithmetic.js';
import { findCondition } from './conditions.js';
import { autoRollbackEnabled, msUntilStable, msUntilUnreadyFailure, rolloutFailure } from './failure.js';
import { templateHash, templatesEqual } from './hash.js';
import { newReplicaSet } from './new-replicaset.js';
import {
  AVAILABLE_ANNOTATION, MAX_REPLICAS_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, REVISION_ANNOTATION,
  byCreationOldestFirst, counts, replicasOf, revisionOf,
} from './replicaset-view.js';
import { planRollback, ROLLBACK_TEMPLATE_ANNOTATION, type Rollback } from './rollback.js';
import { computeStatus, msUntilDeadline, statusEqual, type DeploymentStatus, type ProgressEvent } from './status.js';

export type DeploymentAction =
  | { type: 'adoptReplicaSet'; rs: KubeObject }
  | { type: 'createReplicaSet'; rs: KubeObject }
  | { type: 'scaleReplicaSet'; rs: KubeObject; replicas: number; annotations: Record<string, string> }
  | { type: 'annotateReplicaSet'; rs: KubeObject; annotations: Record<string, string> }
  | { type: 'deleteReplicaSet'; rs: KubeObject }
  | { type: 'rollback'; rollback: Rollback };

export interface DeploymentSnapshot {
  deployment: KubeObject;
  replicaSets: KubeObject[];
  pods: KubeObject[];
  nowMs: number;
}

export interface DeploymentDecision {
  actions: DeploymentAction[];
  /** Status to write, or undefined when it would not change. */
  status?: DeploymentStatus;
  /** The deployment's own revision annotation, when it must change. */
  revision?: string;
  events: Array<{ type: 'Normal' | 'Warning'; reason: string; message: string }>;
  requeueAfterMs?: number;
}

export function reconcileDeployment(snapshot: DeploymentSnapshot): DeploymentDecision {
  const { deployment: d, nowMs } = snapshot;
  const selects = labelSelectorMatcher(d.spec?.selector);
  const actions: DeploymentAction[] = [];
  const events: DeploymentDecision['events'] = [];
  const owned = snapshot.replicaSets.filter((rs) => isControlledBy(rs, d));
  if (!d.metadata.deletionTimestamp) {
    for (const rs of snapshot.replicaSets) {
      if (!controllerOf(rs) && !rs.metadata.deletionTimestamp && selects(rs.metadata.labels)) {
        actions.push({ type: 'adoptReplicaSet', rs });
        owned.push(rs);
      }
    }
  }
  const desired = d.spec?.replicas ?? 1;
  const fence = d.spec?.strategy?.type === 'Recreate'
    ? { maxSurge: 0, maxUnavailable: desired }
    : resolveFenceposts(d.spec?.strategy?.rollingUpdate?.maxSurge, d.spec?.strategy?.rollingUpdate?.maxUnavailable, desired);
  const newRs = owned.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
  const old = owned.filter((rs) => rs !== newRs).sort(byCreationOldestFirst);
  const maxOldRevision = Math.max(0, ...old.map(revisionOf));
  const podsOf = (rs: KubeObject) => snapshot.pods.filter((p) => isControlledBy(p, rs));
  const rolledBackTo = d.metadata.annotations?.[ROLLBACK_TEMPLATE_ANNOTATION];
  const keepRolledBack = rolledBackTo !== undefined && rolledBackTo === templateHash(d.spec?.template);
  const complete = newRs !== undefined && isComplete(newRs, old, desired);
  const trusted = newRs?.metadata.annotations?.[AVAILABLE_ANNOTATION] === 'true';
  const unreadyWait = newRs && !trusted && autoRollbackEnabled(d) ? msUntilUnreadyFailure(d, podsOf(newRs), nowMs) : undefined;

  const finish = (progress: ProgressEvent, extra: Partial<DeploymentDecision> = {}): DeploymentDecision => {
    const all = newRs ? [...old, newRs] : old;
    const status = computeStatus({ deployment: d, newRs, all, minAvailable: desired - fence.maxUnavailable, progress, nowMs, keepRolledBack });
    const revision = newRs && d.metadata.annotations?.[REVISION_ANNOTATION] !== String(revisionOf(newRs)) ? String(revisionOf(newRs)) : undefined;
    // Come back when the deadline passes, or when a never-ready new pod would count as failed.
    const waits = [msUntilDeadline(status.conditions, d, nowMs), unreadyWait].filter((ms): ms is number => ms !== undefined);
    const requeue = waits.length ? Math.min(...waits) : undefined;
    return {
      actions, events, revision,
      status: statusEqual(status, d.status) ? undefined : status,
      requeueAfterMs: requeue, ...extra,
    };
  };

  if (d.metadata.deletionTimestamp) return finish({ kind: 'none' });
  if (d.spec?.paused) return finish({ kind: 'paused' });

  // A failing rollout goes back to the last revision that completed (one move, then re-read).
  if (newRs && !trusted && autoRollbackEnabled(d)) {
    const deadline = findCondition(d.status?.conditions, 'Progressing')?.reason === 'ProgressDeadlineExceeded';
    const failure = deadline ? 'the progress deadline was exceeded' : rolloutFailure(d, podsOf(newRs), nowMs);
    const rollback = failure ? planRollback(d, newRs, old, failure) : undefined;
    if (rollback) {
      actions.push({ type: 'rollback', rollback });
      events.push({ type: 'Warning', reason: 'RolledBack', message: rollback.message });
      return { actions, events };
    }
  }

  if (!newRs) {
    const rs = newReplicaSet(d, maxOldRevision + 1, initialReplicas(d, desired, fence, old, snapshot.pods));
    actions.push({ type: 'createReplicaSet', rs });
    events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} to ${rs.spec.replicas}` });
    return finish({ kind: 'created', rsName: rs.metadata.name! });
  }
  const rsAnnotations = {
    [DESIRED_REPLICAS_ANNOTATION]: String(desired),
    [MAX_REPLICAS_ANNOTATION]: String(desired + fence.maxSurge),
  };
  if (revisionOf(newRs) <= maxOldRevision) {
    // Rolling back to an existing ReplicaSet gives it the next revision (kubectl history relies on it).
    actions.push({ type: 'annotateReplicaSet', rs: newRs, annotations: { [REVISION_ANNOTATION]: String(maxOldRevision + 1) } });
    return finish({ kind: 'progressed', rsName: newRs.metadata.name! });
  }

  const scaled = scaleStep(d, desired, fence, newRs, old, podsOf, rsAnnotations, events);
  actions.push(...scaled);
  if (scaled.length > 0) return finish({ kind: 'progressed', rsName: newRs.metadata.name! });

  actions.push(...cleanupHistory(d, old));
  if (complete) {
    if (!trusted) {
      const wait = msUntilStable(podsOf(newRs).filter(isActive), nowMs);
      if (wait > 0) return finish({ kind: 'complete', rsName: newRs.metadata.name! }, { requeueAfterMs: wait });
      actions.push({ type: 'annotateReplicaSet', rs: newRs, annotations: { [AVAILABLE_ANNOTATION]: 'true' } });
    }
    return finish({ kind: 'complete', rsName: newRs.metadata.name! });
  }
  const moved = statusCountsMoved(d, newRs, old);
  return finish(moved ? { kind: 'progressed', rsName: newRs.metadata.name! } : { kind: 'none', rsName: newRs.metadata.name! });
}

function isComplete(newRs: KubeObject, old: KubeObject[], desired: number): boolean {
  return replicasOf(newRs) === desired &&
    (newRs.status?.replicas ?? 0) === desired &&
    (newRs.status?.availableReplicas ?? 0) >= desired &&
    old.every((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0);
}

function initialReplicas(d: KubeObject, desired: number, fence: { maxSurge: number; maxUnavailable: number }, old: KubeObject[], pods: KubeObject[]): number {
  if (d.spec?.strategy?.type === 'Recreate') {
    const oldRunning = old.some((rs) => replicasOf(rs) > 0) || pods.some((p) => isActive(p) && old.some((rs) => isControlledBy(p, rs)));
    return oldRunning ? 0 : desired;
  }
  return newReplicasForScaleUp(desired, fence, old.map(counts), { name: '', replicas: 0, available: 0 });
}

function scaleStep(
  d: KubeObject, desired: number, fence: { maxSurge: number; maxUnavailable: number }, newRs: KubeObject, old: KubeObject[],
  podsOf: (rs: KubeObject) => KubeObject[], annotations: Record<string, string>, events: DeploymentDecision['events'],
): DeploymentAction[] {
  const scale = (rs: KubeObject, replicas: number): DeploymentAction => {
    events.push({
      type: 'Normal', reason: 'ScalingReplicaSet',
      message: `Scaled ${replicas > replicasOf(rs) ? 'up' : 'down'} replica set ${rs.metadata.name} from ${replicasOf(rs)} to ${replicas}`,
    });
    return { type: 'scaleReplicaSet', rs, replicas, annotations };
  };
  if (d.spec?.strategy?.type === 'Recreate') {
    const oldScaled = old.filter((rs) => replicasOf(rs) > 0).map((rs) => scale(rs, 0));
    if (oldScaled.length > 0) return oldScaled;
    if (old.some((rs) => podsOf(rs).some(isActive))) return []; // wait for old pods to be gone
    return replicasOf(newRs) !== desired ? [scale(newRs, desired)] : [];
  }
  if (replicasOf(newRs) > desired) return [scale(newRs, desired)];
  const all = [...old, newRs].map(counts);
  const up = newReplicasForScaleUp(desired, fence, all, counts(newRs));
  if (up !== replicasOf(newRs)) return [scale(newRs, up)];
  const down = oldReplicasForScaleDown(desired, fence, old.map(counts), counts(newRs));
  return old.filter((rs) => down.has(rs.metadata.name!)).map((rs) => scale(rs, down.get(rs.metadata.name!)!));
}

function cleanupHistory(d: KubeObject, old: KubeObject[]): DeploymentAction[] {
  const limit = d.spec?.revisionHistoryLimit ?? 10;
  const idle = old.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  return idle.slice(0, Math.max(0, idle.length - limit)).map((rs) => ({ type: 'deleteReplicaSet' as const, rs }));
}

function statusCountsMoved(d: KubeObject, newRs: KubeObject, old: KubeObject[]): boolean {
  const cur = d.status ?? {};
  const all = [...old, newRs];
  const available = all.reduce((s, rs) => s + (rs.status?.availableReplicas ?? 0), 0);
  const ready = all.reduce((s, rs) => s + (rs.status?.readyReplicas ?? 0), 0);
  return (cur.updatedReplicas ?? 0) !== (newRs.status?.replicas ?? 0) ||
    (cur.availableReplicas ?? 0) !== available || (cur.readyReplicas ?? 0) !== ready;
}
