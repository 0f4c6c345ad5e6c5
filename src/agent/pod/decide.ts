/**
 * decidePodActions: the agent's pure pod sync (architecture.md §6, style.md habit 1).
 * From the pod, the runtime's containers for it, probe states and the shell's memory of
 * failed pulls/creates, decide the next actions, the events and the pod status.
 *
 * Rules, in order:
 *  1. Stray containers (name not in the spec, half-created, duplicate live attempts, dead
 *     attempts older than the previous one) are killed/removed.
 *  2. A deleting pod: every live container is killed with the pod's grace (preStop first);
 *     when none is left, all are removed and the deletion is finalised.
 *  3. Init containers run strictly in order, each to exit 0; a failure restarts it per
 *     policy (Never → pod Failed).
 *  4. Regular containers start once initialised and restart per restartPolicy with
 *     CrashLoopBackOff; liveness/startup failures kill them; readiness only gates Ready;
 *     a changed image kills and restarts them at once.
 */
import { RESTART_DEFAULTS } from '../defaults.js';
import { backoffCapMs } from './backoff.js';
import { syncContainer, type ContainerPlan, type SyncContext } from './container-sync.js';
import { exitedOk, groupByName, isAlive, type ObservedByName, type ObservedContainer } from './observed.js';
import { computeConditions, computePhase } from './pod-phase.js';
import { rfc3339, type ContainerStatus, type PodStatus } from './pod-types.js';
import { qosClassOf } from './qos.js';
import { fieldPathOf, type PodAction, type PodDecision, type PodEvent, type PodSnapshot } from './snapshot.js';

export function decidePodActions(snapshot: PodSnapshot): PodDecision {
  const { pod } = snapshot;
  const byName = groupByName(snapshot.containers, pod.metadata.uid);
  const actions: PodAction[] = [];
  const events: PodEvent[] = [];
  cleanUpStrays(snapshot, byName, actions);
  const deleting = !!pod.metadata.deletionTimestamp;
  const previousPhase = pod.status?.phase;
  const terminal = previousPhase === 'Succeeded' || previousPhase === 'Failed';
  const policy = pod.spec.restartPolicy ?? 'Always';
  const base: SyncContext = { snapshot, pod, policy, capMs: backoffCapMs(pod), mayStart: !deleting && !terminal, notStartedReason: 'ContainerCreating' };

  const init = syncInitContainers(base, byName);
  const regularCtx: SyncContext = init.state === 'done' ? base : { ...base, mayStart: false, notStartedReason: 'PodInitializing' };
  const regular = pod.spec.containers.map((c) => syncContainer(regularCtx, c, 'regular', byName.get(c.name) ?? []));
  const plans = [...init.plans, ...regular];
  for (const p of plans) { actions.push(...p.actions); events.push(...p.events); }

  if (deleting) {
    actions.splice(0, actions.length, ...deletionActions(snapshot));
    events.splice(0, events.length, ...killingEvents(actions, new Set((pod.spec.initContainers ?? []).map((c) => c.name))));
  }
  const status = podStatus(snapshot, init, regular.map((p) => p.status));
  const requeueAt = Math.min(...plans.map((p) => p.requeueAt ?? Infinity));
  return {
    actions, events, status,
    ...(Number.isFinite(requeueAt) && !deleting ? { requeueAfterMs: Math.max(0, requeueAt - snapshot.now) } : {}),
  };
}

interface InitResult { state: 'done' | 'pending' | 'failed'; plans: ContainerPlan[]; incomplete: string[] }

/** Init containers strictly in order: only the first not-yet-succeeded one may run. */
function syncInitContainers(ctx: SyncContext, byName: ObservedByName): InitResult {
  const specs = ctx.pod.spec.initContainers ?? [];
  // Regular containers already exist (e.g. dead init containers were cleaned up): initialised.
  const started = ctx.pod.spec.containers.some((c) => (byName.get(c.name) ?? []).length > 0);
  const plans: ContainerPlan[] = [];
  const incomplete: string[] = [];
  let state: InitResult['state'] = 'done';
  for (const spec of specs) {
    const list = byName.get(spec.name) ?? [];
    if (started || (state === 'done' && exitedOk(list[0]))) {
      const plan = syncContainer({ ...ctx, mayStart: false }, spec, 'init', list);
      if (!list[0]) plan.status.state = { terminated: { exitCode: 0, reason: 'Completed' } };
      plan.status.ready = true;
      plans.push(plan);
      continue;
    }
    incomplete.push(spec.name);
    if (state !== 'done') {
      plans.push(syncContainer({ ...ctx, mayStart: false, notStartedReason: 'PodInitializing' }, spec, 'init', list));
      continue;
    }
    const plan = syncContainer(ctx, spec, 'init', list);
    state = plan.progress === 'failed' ? 'failed' : 'pending';
    plans.push(plan);
  }
  return { state, plans, incomplete };
}

function cleanUpStrays(snapshot: PodSnapshot, byName: ObservedByName, actions: PodAction[]): void {
  const specNames = new Set([...(snapshot.pod.spec.initContainers ?? []), ...snapshot.pod.spec.containers].map((c) => c.name));
  const grace = snapshot.pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
  for (const [name, list] of byName) {
    const strays: Array<{ c: ObservedContainer; why: 'NotInSpec' | 'Duplicate' | 'Old' }> = [];
    if (!specNames.has(name)) strays.push(...list.map((c) => ({ c, why: 'NotInSpec' as const })));
    else {
      // A container left 'created' by an interrupted start never ran: drop it and start again.
      const kept = list.filter((c) => {
        if (c.info.state !== 'created') return true;
        strays.push({ c, why: 'Old' });
        return false;
      });
      kept.forEach((c, i) => {
        if (i > 0 && isAlive(c)) strays.push({ c, why: 'Duplicate' });
        else if (i > 1) strays.push({ c, why: 'Old' });
      });
      list.splice(0, list.length, ...kept.filter((c) => !strays.some((s) => s.c === c)));
    }
    for (const { c, why } of strays) {
      if (isAlive(c) && c.info.state !== 'created') {
        actions.push({ type: 'kill', containerId: c.info.id, containerName: name, graceSeconds: grace, reason: why === 'NotInSpec' ? 'NotInSpec' : 'Duplicate' });
      }
      actions.push({ type: 'remove', containerId: c.info.id, containerName: name });
    }
    if (list.length === 0) byName.delete(name);
  }
}

/** Kill every live container with the pod's grace; once none is alive, remove all and finalise. */
function deletionActions(snapshot: PodSnapshot): PodAction[] {
  const { pod } = snapshot;
  const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
  const specs = new Map([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => [c.name, c]));
  const all = groupByName(snapshot.containers, pod.metadata.uid);
  // Only running containers can be stopped; 'created' ones never ran and are just removed.
  const alive = [...all.values()].flat().filter((c) => c.info.state === 'running' || c.info.state === 'unknown');
  if (alive.length > 0) {
    return alive.map((c) => {
      const preStop = c.info.state === 'running' ? specs.get(c.identity.containerName)?.lifecycle?.preStop : undefined;
      return { type: 'kill', containerId: c.info.id, containerName: c.identity.containerName, graceSeconds: grace, reason: 'PodDeleted', ...(preStop ? { preStop } : {}) };
    });
  }
  return [
    ...[...all.values()].flat().map((c): PodAction => ({ type: 'remove', containerId: c.info.id, containerName: c.identity.containerName })),
    { type: 'finalizeDeletion' },
  ];
}

function killingEvents(actions: PodAction[], initNames: Set<string>): PodEvent[] {
  return actions.flatMap((a): PodEvent[] => (a.type === 'kill'
    ? [{ type: 'Normal', reason: 'Killing', message: `Stopping container ${a.containerName}`, fieldPath: fieldPathOf(initNames.has(a.containerName) ? 'init' : 'regular', a.containerName) }]
    : []));
}

function podStatus(snapshot: PodSnapshot, init: InitResult, containerStatuses: ContainerStatus[]): PodStatus {
  const { pod, now, hostIP } = snapshot;
  const previous = pod.status ?? {};
  const policy = pod.spec.restartPolicy ?? 'Always';
  const phase = computePhase({ previousPhase: previous.phase, restartPolicy: policy, initState: init.state, containerStatuses });
  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const hasContainers = snapshot.containers.length > 0 || !!previous.podIP;
  const status: PodStatus = {
    phase,
    conditions: computeConditions({ previous: previous.conditions ?? [], phase, initState: init.state, incompleteInit: init.incomplete, unready, now: rfc3339(now) }),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(hasContainers ? { podIP: hostIP, podIPs: [{ ip: hostIP }] } : {}),
    startTime: previous.startTime ?? rfc3339(now),
    ...(init.plans.length > 0 ? { initContainerStatuses: init.plans.map((p) => p.status) } : {}),
    containerStatuses,
    qosClass: qosClassOf(pod.spec),
  };
  return status;
}
