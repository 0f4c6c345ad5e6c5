/** The Deployment status computed from its ReplicaSets, with conditions. Pure. */
import type { KubeObject } from '../../api/types.js';
import { findCondition, removeCondition, setCondition, type Condition } from './conditions.js';
import { canonical } from './hash.js';

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: Condition[];
  collisionCount?: number;
}

export type ProgressEvent =
  | { kind: 'created'; rsName: string }
  | { kind: 'progressed'; rsName: string }
  | { kind: 'complete'; rsName: string }
  | { kind: 'none'; rsName?: string }
  | { kind: 'paused' };

export function computeStatus(opts: {
  deployment: KubeObject; newRs?: KubeObject; all: KubeObject[]; minAvailable: number; progress: ProgressEvent;
  nowMs: number; keepRolledBack: boolean;
}): DeploymentStatus {
  const { deployment: d, newRs, all } = opts;
  const sum = (f: (rs: KubeObject) => number) => all.reduce((s, rs) => s + f(rs), 0);
  const desired = d.spec?.replicas ?? 1;
  const available = sum((rs) => rs.status?.availableReplicas ?? 0);
  const now = new Date(opts.nowMs).toISOString();
  let conditions: Condition[] = structuredClone(d.status?.conditions ?? []);
  conditions = available >= opts.minAvailable
    ? setCondition(conditions, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, now)
    : setCondition(conditions, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now);
  conditions = progressing(conditions, opts.progress, d, opts.nowMs, now);
  // The RolledBack condition lives while the spec is the one the rollback wrote; it is
  // rebuilt from the Deployment's annotation so a stale cache cannot drop it.
  const rollbackMessage = d.metadata.annotations?.['tugboat.io/rollback-message'];
  conditions = opts.keepRolledBack && rollbackMessage
    ? setCondition(conditions, { type: 'RolledBack', status: 'True', reason: 'AutomaticRollback', message: rollbackMessage }, now)
    : removeCondition(conditions, 'RolledBack');
  return {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum((rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRs?.status?.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    conditions,
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
}

function progressing(conditions: Condition[], progress: ProgressEvent, d: KubeObject, nowMs: number, now: string): Condition[] {
  switch (progress.kind) {
    case 'paused':
      return setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, now);
    case 'complete':
      return setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${progress.rsName}" has successfully progressed.` }, now);
    case 'created':
      return touch(setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${progress.rsName}"` }, now), now);
    case 'progressed':
      return touch(setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${progress.rsName}" is progressing.` }, now), now);
    case 'none': {
      const current = findCondition(conditions, 'Progressing');
      if (!current) {
        return progress.rsName
          ? setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${progress.rsName}" is progressing.` }, now)
          : conditions;
      }
      if (current.status === 'True' && current.reason !== 'NewReplicaSetAvailable' && deadlinePassed(current, d, nowMs)) {
        return setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${progress.rsName ?? ''}" has timed out progressing.` }, now);
      }
      return conditions;
    }
  }
}

function touch(conditions: Condition[], now: string): Condition[] {
  return conditions.map((c) => (c.type === 'Progressing' ? { ...c, lastUpdateTime: now } : c));
}

export function deadlinePassed(c: Condition, d: KubeObject, nowMs: number): boolean {
  const deadline = d.spec?.progressDeadlineSeconds ?? 600;
  return Date.parse(c.lastUpdateTime) + deadline * 1000 <= nowMs;
}

/** Milliseconds until the progress deadline of an unfinished rollout, for a requeue. */
export function msUntilDeadline(conditions: Condition[], d: KubeObject, nowMs: number): number | undefined {
  const c = findCondition(conditions, 'Progressing');
  if (!c || c.status !== 'True' || c.reason === 'NewReplicaSetAvailable') return undefined;
  const at = Date.parse(c.lastUpdateTime) + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
  return Math.max(0, at - nowMs) + 1;
}

export function statusEqual(a: unknown, b: unknown): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}
