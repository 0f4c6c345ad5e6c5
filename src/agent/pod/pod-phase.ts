/**
 * Pod phase and conditions from container statuses, following the kubelet's getPhase
 * and status manager: a terminal phase never changes back, and a condition keeps its
 * lastTransitionTime while its status stays the same.
 */
import type { ContainerStatus, PodCondition, PodPhase, RestartPolicy, ConditionStatus } from './pod-types.js';

export interface PhaseInput {
  previousPhase?: PodPhase;
  restartPolicy: RestartPolicy;
  initState: 'done' | 'pending' | 'failed';
  containerStatuses: ContainerStatus[];
}

export function computePhase(input: PhaseInput): PodPhase {
  if (input.previousPhase === 'Succeeded' || input.previousPhase === 'Failed') return input.previousPhase;
  if (input.initState === 'failed') return 'Failed';
  if (input.initState === 'pending') return 'Pending';
  let running = 0; let waiting = 0; let stopped = 0; let succeeded = 0;
  for (const s of input.containerStatuses) {
    if ('running' in s.state) running++;
    else if ('terminated' in s.state) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if ('terminated' in s.lastState) {
      // Being replaced right now (restart or new image): it is not finished, whatever the policy.
      if (s.state.waiting.reason === 'ContainerCreating') running++;
      else stopped++;
    }
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (input.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (input.restartPolicy === 'Never') return 'Failed';
    return 'Running'; // OnFailure: the failed ones are being restarted
  }
  return 'Pending';
}

export interface ConditionInput {
  previous: PodCondition[];
  phase: PodPhase;
  initState: 'done' | 'pending' | 'failed';
  incompleteInit: string[];
  unready: string[];
  now: string;
}

export function computeConditions(input: ConditionInput): PodCondition[] {
  const completed = input.phase === 'Succeeded';
  const initialized: Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'> = input.initState === 'done' || completed
    ? { type: 'Initialized', status: 'True' }
    : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${input.incompleteInit.join(' ')}]` };
  const ready = (type: string): Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'> => {
    if (completed) return { type, status: 'False', reason: 'PodCompleted' };
    if (input.unready.length === 0) return { type, status: 'True' };
    return { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${input.unready.join(' ')}]` };
  };
  const scheduled = { type: 'PodScheduled', status: 'True' as ConditionStatus };
  return [scheduled, initialized, ready('ContainersReady'), ready('Ready')].map((c) => withStableTransition(c, input.previous, input.now));
}

function withStableTransition(c: Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'>, previous: PodCondition[], now: string): PodCondition {
  const before = previous.find((p) => p.type === c.type);
  const lastTransitionTime = before && before.status === c.status ? before.lastTransitionTime : now;
  return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}
