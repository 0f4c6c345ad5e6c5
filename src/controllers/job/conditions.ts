/** Job conditions (Complete, Failed, Suspended) and facts derived from them. Pure. */
import type { KubeObject } from '../../api/types.js';

export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended';
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

export function conditionOf(job: KubeObject, type: JobCondition['type']): JobCondition | undefined {
  return ((job.status?.conditions ?? []) as JobCondition[]).find((c) => c.type === type);
}

/** Sets a condition, keeping lastTransitionTime when its status does not change. */
export function withCondition(conditions: JobCondition[], next: Pick<JobCondition, 'type' | 'status' | 'reason' | 'message'>, now: string): JobCondition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return conditions;
  const transition = current && current.status === next.status ? current.lastTransitionTime : now;
  return [...conditions.filter((c) => c.type !== next.type), { ...next, lastProbeTime: now, lastTransitionTime: transition }];
}

/** Complete or Failed: a finished Job never runs pods again. */
export function finishedAt(job: KubeObject): number | undefined {
  for (const type of ['Complete', 'Failed'] as const) {
    const c = conditionOf(job, type);
    if (c?.status === 'True') return Date.parse(job.status?.completionTime ?? c.lastTransitionTime);
  }
  return undefined;
}
