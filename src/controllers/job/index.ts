/** Job controller: run pods to completion with parallelism, backoff limit, deadline, suspend and TTL. */
export { createJobController } from './controller.js';
export { reconcileJob, completionsOf, DEFAULT_BACKOFF_LIMIT, BURST_PODS } from './reconcile.js';
export type { JobDecision, JobSnapshot, JobStatus, JobEvent } from './reconcile.js';
export { conditionOf, finishedAt } from './conditions.js';
export type { JobCondition } from './conditions.js';
export { jobPodFor, JOB_NAME_LABELS, CONTROLLER_UID_LABELS } from './pod-template.js';
export { planIndexed, completionIndexOf, formatIndexes, parseIndexes, COMPLETION_INDEX_ANNOTATION } from './indexed.js';
export type { IndexedPlan } from './indexed.js';
export { failureBackoffMs, FAILURE_BACKOFF_BASE_MS, FAILURE_BACKOFF_MAX_MS } from './backoff.js';
