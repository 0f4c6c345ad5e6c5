/**
 * The decision for one container: start it, keep it, kill it, restart it after its
 * back-off, or wait for a pull/create retry — plus its status. Pure; decide.ts combines
 * these per container and adds pod-level rules (init order, deletion, cleanup).
 */
import { RESTART_DEFAULTS } from '../defaults.js';
import { stateFor } from '../probes/probe-state.js';
import type { ContainerKind } from '../container-labels.js';
import { planRestart, pullRetryAt, goDuration } from './backoff.js';
import { baseStatus, lastStateOf, runningState, terminatedState, waitingState } from './container-status.js';
import type { ObservedContainer } from './observed.js';
import type { Container, ContainerStatus, Pod, RestartPolicy } from './pod-types.js';
import { fieldPathOf, type PodAction, type PodEvent, type PodSnapshot } from './snapshot.js';

export interface ContainerPlan {
  actions: PodAction[];
  events: PodEvent[];
  status: ContainerStatus;
  requeueAt?: number;
  /** done = exited 0 (init) · running · waiting · failed = exited and will not be restarted */
  progress: 'done' | 'running' | 'waiting' | 'failed' | 'exited';
}

export interface SyncContext {
  snapshot: PodSnapshot;
  pod: Pod;
  policy: RestartPolicy;
  capMs: number;
  /** False while the pod is deleting, terminal, or (for regular containers) initialising. */
  mayStart: boolean;
  /** Waiting reason shown for a container that may not start yet. */
  notStartedReason: 'PodInitializing' | 'ContainerCreating';
}

export function syncContainer(ctx: SyncContext, spec: Container, kind: ContainerKind, list: ObservedContainer[]): ContainerPlan {
  const latest = list[0];
  if (!latest) return startOrWait(ctx, spec, kind, undefined, 0, 0);
  if (latest.info.state === 'exited') return syncExited(ctx, spec, kind, list, latest);
  return syncAlive(ctx, spec, kind, list, latest);
}

function syncAlive(ctx: SyncContext, spec: Container, kind: ContainerKind, list: ObservedContainer[], latest: ObservedContainer): ContainerPlan {
  const { snapshot } = ctx;
  const status = baseStatus(spec, latest, snapshot.runtimeName);
  status.state = runningState(latest);
  status.lastState = lastStateOf(list, latest, snapshot.memory, snapshot.runtimeName);
  const probes = snapshot.probes[spec.name] ?? {};
  const startup = stateFor(probes.startup, latest.info.id);
  const liveness = stateFor(probes.liveness, latest.info.id);
  const readiness = stateFor(probes.readiness, latest.info.id);
  const started = kind === 'regular' && (!spec.startupProbe || startup?.status === 'success');
  status.started = kind === 'regular' ? started : true;
  status.ready = kind === 'regular' && started && (!spec.readinessProbe || readiness?.status === 'success');
  const plan: ContainerPlan = { actions: [], events: [], status, progress: 'running' };
  if (kind !== 'regular' || ctx.pod.metadata.deletionTimestamp) return plan;
  const fieldPath = fieldPathOf(kind, spec.name);
  if (imageChanged(latest, spec)) {
    plan.actions.push({ type: 'kill', containerId: latest.info.id, containerName: spec.name, reason: 'SpecChanged', graceSeconds: graceOf(ctx), ...(spec.lifecycle?.preStop ? { preStop: spec.lifecycle.preStop } : {}) });
    plan.events.push({ type: 'Normal', reason: 'Killing', message: `Container ${spec.name} definition changed, will be restarted`, fieldPath });
    return plan;
  }
  const failing = spec.startupProbe && startup?.status === 'failure' ? { probe: 'Startup', state: startup, reason: 'StartupFailed' as const }
    : started && spec.livenessProbe && liveness?.status === 'failure' ? { probe: 'Liveness', state: liveness, reason: 'LivenessFailed' as const }
      : undefined;
  if (failing) {
    const probeSpec = failing.reason === 'StartupFailed' ? spec.startupProbe : spec.livenessProbe;
    plan.actions.push({
      type: 'kill', containerId: latest.info.id, containerName: spec.name, reason: failing.reason,
      graceSeconds: probeSpec?.terminationGracePeriodSeconds ?? graceOf(ctx),
      ...(spec.lifecycle?.preStop ? { preStop: spec.lifecycle.preStop } : {}),
    });
    plan.events.push(
      { type: 'Warning', reason: 'Unhealthy', message: `${failing.probe} probe failed: ${failing.state.lastMessage ?? ''}`.trim(), fieldPath },
      { type: 'Normal', reason: 'Killing', message: `Container ${spec.name} failed ${failing.probe.toLowerCase()} probe, will be restarted`, fieldPath },
    );
    status.ready = false;
  } else if (started && spec.readinessProbe && readiness?.status === 'failure') {
    plan.events.push({ type: 'Warning', reason: 'Unhealthy', message: `Readiness probe failed: ${readiness.lastMessage ?? ''}`.trim(), fieldPath });
  }
  return plan;
}

function syncExited(ctx: SyncContext, spec: Container, kind: ContainerKind, list: ObservedContainer[], latest: ObservedContainer): ContainerPlan {
  const { snapshot } = ctx;
  const exitCode = latest.info.exitCode ?? 0;
  const actions: PodAction[] = [];
  if (exitCode !== 0 && snapshot.memory.terminationMessages[latest.info.id] === undefined) {
    actions.push({ type: 'captureLogs', containerId: latest.info.id, containerName: spec.name, tailLines: RESTART_DEFAULTS.terminationLogTailLines, maxBytes: RESTART_DEFAULTS.terminationLogMaxBytes });
  }
  const status = baseStatus(spec, latest, snapshot.runtimeName);
  status.state = terminatedState(latest, snapshot.memory, snapshot.runtimeName);
  status.lastState = lastStateOf(list, latest, snapshot.memory, snapshot.runtimeName);
  const done = kind === 'init' && exitCode === 0;
  status.ready = done;
  // Init containers restart only on failure, even under restartPolicy Always.
  // A container killed for a new image comes back with it at once, whatever the policy.
  const changed = kind === 'regular' && ctx.mayStart && imageChanged(latest, spec);
  const restarts = changed || (!done && ctx.mayStart && (ctx.policy === 'Always' ? kind === 'regular' || exitCode !== 0 : ctx.policy === 'OnFailure' && exitCode !== 0));
  if (changed) {
    const restart = startOrWait(ctx, spec, kind, latest, latest.identity.attempt + 1, latest.identity.restartBackoffMs);
    restart.actions.unshift(...actions);
    return restart;
  }
  if (!restarts) return { actions, events: [], status, progress: done ? 'done' : kind === 'init' && ctx.policy === 'Never' && exitCode !== 0 ? 'failed' : 'exited' };
  const plan = planRestart(latest, ctx.capMs);
  if (snapshot.now < plan.notBefore) {
    const { metadata } = ctx.pod;
    status.lastState = status.state;
    status.state = waitingState('CrashLoopBackOff', `back-off ${goDuration(plan.waitMs)} restarting failed container=${spec.name} pod=${metadata.name}_${metadata.namespace}(${metadata.uid})`);
    return {
      actions, status, progress: 'waiting', requeueAt: plan.notBefore,
      events: [{ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${spec.name} in pod ${metadata.name}_${metadata.namespace}(${metadata.uid})`, fieldPath: fieldPathOf(kind, spec.name) }],
    };
  }
  const restart = startOrWait(ctx, spec, kind, latest, latest.identity.attempt + 1, plan.nextBackoffMs);
  restart.actions.unshift(...actions);
  return restart;
}

/** Start a new attempt unless a config error, failed pull or failed create says to wait. */
function startOrWait(ctx: SyncContext, spec: Container, kind: ContainerKind, exited: ObservedContainer | undefined, attempt: number, restartBackoffMs: number): ContainerPlan {
  const { snapshot } = ctx;
  const status = baseStatus(spec, exited, snapshot.runtimeName);
  if (exited) {
    status.lastState = terminatedState(exited, snapshot.memory, snapshot.runtimeName);
    delete status.containerID;
  }
  const plan: ContainerPlan = { actions: [], events: [], status, progress: 'waiting' };
  const wait = (reason: string, message?: string): ContainerPlan => { status.state = waitingState(reason, message); return plan; };
  if (!ctx.mayStart) return wait(ctx.notStartedReason);
  const fieldPath = fieldPathOf(kind, spec.name);
  const configError = snapshot.configErrors?.[spec.name];
  if (configError !== undefined) {
    plan.events.push({ type: 'Warning', reason: 'Failed', message: `Error: ${configError}`, fieldPath });
    plan.requeueAt = snapshot.now + RESTART_DEFAULTS.createRetryMs;
    return wait('CreateContainerConfigError', configError);
  }
  const pull = snapshot.memory.pulls[spec.name];
  if (pull && snapshot.now < pullRetryAt(pull)) {
    const showErrorUntil = pull.lastFailureAt + RESTART_DEFAULTS.errImagePullDisplayMs;
    const inBackOff = snapshot.now >= showErrorUntil && pull.reason === 'ErrImagePull';
    plan.requeueAt = inBackOff ? pullRetryAt(pull) : Math.min(showErrorUntil, pullRetryAt(pull));
    if (inBackOff) plan.events.push({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${spec.image}"`, fieldPath });
    return wait(inBackOff ? 'ImagePullBackOff' : pull.reason, inBackOff ? `Back-off pulling image "${spec.image}": ${pull.message}` : pull.message);
  }
  const created = snapshot.memory.creates[spec.name];
  if (created && snapshot.now < created.at + RESTART_DEFAULTS.createRetryMs) {
    plan.requeueAt = created.at + RESTART_DEFAULTS.createRetryMs;
    return wait(created.reason === 'RunContainerError' ? 'RunContainerError' : 'CreateContainerError', created.message);
  }
  const policy = spec.imagePullPolicy ?? (spec.image.endsWith(':latest') || !spec.image.includes(':') ? 'Always' : 'IfNotPresent');
  if (policy !== 'Never') plan.events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${spec.image}"`, fieldPath });
  plan.actions.push(
    { type: 'pull', containerName: spec.name, image: spec.image, policy },
    { type: 'start', containerName: spec.name, kind, attempt, restartBackoffMs },
  );
  // A restart shows as waiting with the exited attempt in lastState until the new one runs.
  return wait(kind === 'init' && !exited ? 'PodInitializing' : 'ContainerCreating');
}

function graceOf(ctx: SyncContext): number {
  return ctx.pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
}

/** The pod's image for this container changed since the container was created (kubectl set image). */
function imageChanged(c: ObservedContainer, spec: Container): boolean {
  return (c.identity.image ?? c.info.image) !== spec.image;
}
