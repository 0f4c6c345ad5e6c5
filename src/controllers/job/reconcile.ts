/**
 * The Job decision: from the Job and the pods of its namespace, how many pods to create,
 * which to delete, the new status and, past ttlSecondsAfterFinished, whether to delete the
 * Job. Pods are counted from what exists, never below the counts already in status, so a
 * pod deleted after it finished is not run again. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { isActive, isControlledBy, isReady, restartCount } from '../common/pods.js';
import { rankForScaleDown } from '../common/scale-down-rank.js';
import { conditionOf, finishedAt, withCondition, type JobCondition } from './conditions.js';
import { formatIndexes, planIndexed, type IndexedPlan } from './indexed.js';
import { failureBackoffMs } from './backoff.js';

/** Kubernetes' default backoffLimit. */
export const DEFAULT_BACKOFF_LIMIT = 6;
/** Most pods created in one pass. */
export const BURST_PODS = 500;

export interface JobSnapshot {
  job: KubeObject;
  /** Pods of the Job's namespace; the decision picks those it controls. */
  pods: KubeObject[];
  nowMs: number;
  expectationsSatisfied: boolean;
}

export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  ready: number;
  /** null clears it (a suspended Job's clock stops). */
  startTime: string | null;
  completionTime?: string;
  /** Indexed mode only. */
  completedIndexes?: string;
  conditions: JobCondition[];
}

export interface JobEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

export interface JobDecision {
  createCount: number;
  /** Indexed mode: the completion index of each pod to create (length createCount). */
  createIndexes?: number[];
  remove: KubeObject[];
  /** Undefined when the status need not be written. */
  status?: JobStatus;
  events: JobEvent[];
  /** ttlSecondsAfterFinished has passed. */
  deleteJob: boolean;
  requeueAfterMs?: number;
}

/** `completions`, or null for a work queue (parallelism set, completions not). */
export function completionsOf(job: KubeObject): number | null {
  if (typeof job.spec?.completions === 'number') return job.spec.completions;
  return typeof job.spec?.parallelism === 'number' ? null : 1;
}

function failure(job: KubeObject, failed: number, active: KubeObject[], startMs: number, nowMs: number): JobEvent | undefined {
  const limit: number = job.spec?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  // With OnFailure the kubelet restarts containers in place: restarts are the failures.
  const restarts = job.spec?.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + restartCount(p), 0) : 0;
  if (failed > limit || (restarts > 0 && restarts + failed > limit)) {
    return { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  }
  const deadline = job.spec?.activeDeadlineSeconds;
  if (typeof deadline === 'number' && nowMs >= startMs + deadline * 1000) {
    return { type: 'Warning', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  }
  return undefined;
}

function finishedDecision(job: KubeObject, active: KubeObject[], nowMs: number): JobDecision {
  const decision: JobDecision = { createCount: 0, remove: active, events: [], deleteJob: false };
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const doneMs = finishedAt(job);
  if (typeof ttl !== 'number' || doneMs === undefined || !Number.isFinite(doneMs)) return decision;
  const expiresMs = doneMs + ttl * 1000;
  return nowMs >= expiresMs ? { ...decision, deleteJob: true } : { ...decision, requeueAfterMs: expiresMs - nowMs };
}

export function reconcileJob(snapshot: JobSnapshot): JobDecision {
  const { job, nowMs } = snapshot;
  const now = new Date(nowMs).toISOString();
  const owned = snapshot.pods.filter((p) => isControlledBy(p, job));
  const active = owned.filter(isActive);
  if (finishedAt(job) !== undefined) return finishedDecision(job, active, nowMs);

  const prev = job.status ?? {};
  const completions = completionsOf(job);
  const parallelism: number = job.spec?.parallelism ?? 1;
  const indexed: IndexedPlan | undefined = job.spec?.completionMode === 'Indexed' && completions !== null
    ? planIndexed({ owned, active, completions, parallelism, previouslyCompleted: prev.completedIndexes })
    : undefined;
  const succeeded = indexed ? indexed.completed.size : Math.max(prev.succeeded ?? 0, owned.filter((p) => p.status?.phase === 'Succeeded').length);
  const failedPods = owned.filter((p) => p.status?.phase === 'Failed');
  const failed = Math.max(prev.failed ?? 0, failedPods.length);
  let conditions: JobCondition[] = prev.conditions ?? [];
  const events: JobEvent[] = [];
  const base = { succeeded, failed, conditions, ...(indexed ? { completedIndexes: formatIndexes(indexed.completed) } : {}) };
  const wasSuspended = conditionOf(job, 'Suspended')?.status === 'True';

  if (job.spec?.suspend === true) {
    conditions = withCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now);
    if (!wasSuspended) events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    const status: JobStatus = { ...base, conditions, active: 0, ready: 0, startTime: null };
    return finish(job, { createCount: 0, remove: active, status, events, deleteJob: false });
  }
  let startTime: string = prev.startTime ?? now;
  if (wasSuspended) {
    conditions = withCondition(conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now);
    events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    startTime = now; // the active deadline counts from the resume
  }

  const failedBy = failure(job, failed, active, Date.parse(startTime), nowMs);
  if (failedBy) {
    conditions = withCondition(conditions, { type: 'Failed', status: 'True', reason: failedBy.reason, message: failedBy.message }, now);
    const status: JobStatus = { ...base, conditions, active: 0, ready: 0, startTime };
    return finish(job, { createCount: 0, remove: active, status, events: [...events, failedBy], deleteJob: false });
  }

  const complete = completions === null ? succeeded > 0 && active.length === 0 : succeeded >= completions;
  if (complete) {
    conditions = withCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, now);
    const status: JobStatus = { ...base, conditions, active: 0, ready: 0, startTime, completionTime: now };
    return finish(job, { createCount: 0, remove: active, status, events: [...events, { type: 'Normal', reason: 'Completed', message: 'Job completed' }], deleteJob: false });
  }

  // Work queue: once one pod succeeded the work is draining; start no new pods.
  const wanted = completions === null ? (succeeded > 0 ? active.length : parallelism) : Math.min(parallelism, completions - succeeded);
  let createCount = 0;
  let remove: KubeObject[] = [];
  let createIndexes: number[] | undefined;
  if (snapshot.expectationsSatisfied && indexed) {
    createIndexes = indexed.createIndexes.slice(0, BURST_PODS);
    createCount = createIndexes.length;
    remove = indexed.remove;
  } else if (snapshot.expectationsSatisfied) {
    const diff = Math.max(0, wanted) - active.length;
    if (diff > 0) createCount = Math.min(diff, BURST_PODS);
    if (diff < 0) remove = rankForScaleDown(active).slice(0, -diff);
  }
  const backoffMs = createCount > 0 ? failureBackoffMs(failed, failedPods, nowMs) : 0;
  if (backoffMs > 0) {
    createCount = 0;
    if (createIndexes) createIndexes = [];
  }
  const stillActive = active.filter((p) => !remove.includes(p));
  const status: JobStatus = { ...base, conditions, active: stillActive.length + createCount, ready: stillActive.filter(isReady).length, startTime };
  const deadline = job.spec?.activeDeadlineSeconds;
  const waits = [backoffMs || undefined, typeof deadline === 'number' ? Date.parse(startTime) + deadline * 1000 - nowMs : undefined]
    .filter((ms): ms is number => ms !== undefined);
  const requeueAfterMs = waits.length ? Math.min(...waits) : undefined;
  return finish(job, { createCount, ...(createIndexes ? { createIndexes } : {}), remove, status, events, deleteJob: false, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) });
}

/** Drops the status when it would not change anything, so a steady Job writes nothing. */
function finish(job: KubeObject, decision: JobDecision): JobDecision {
  const prev = job.status ?? {};
  const next = decision.status!;
  const same = (prev.active ?? 0) === next.active && (prev.succeeded ?? 0) === next.succeeded && (prev.failed ?? 0) === next.failed &&
    (prev.ready ?? 0) === next.ready && (prev.startTime ?? null) === next.startTime && prev.completionTime === next.completionTime &&
    prev.completedIndexes === next.completedIndexes &&
    JSON.stringify(prev.conditions ?? []) === JSON.stringify(next.conditions);
  return same ? { ...decision, status: undefined } : decision;
}
