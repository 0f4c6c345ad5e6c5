/**
 * Executes one PodAction against the runtime/API and records what only the shell can
 * observe (failed pulls/creates, captured logs) in the pod's memory for the next sync.
 * Returns the outcome events (Pulled, Created, Started, Failed).
 */
import type { ApiClient, ResourceType } from '../client/types.js';
import type { Clock } from '../client/clock.js';
import { isNotFound } from '../client/errors.js';
import type { ContainerInfo, Runtime } from './runtime/runtime.js';
import type { AgentLogger } from './logger.js';
import { toContainerSpec } from './container-spec.js';
import { killContainer, runHook } from './lifecycle.js';
import { RESTART_DEFAULTS } from './defaults.js';
import type { Pod } from './pod/pod-types.js';
import { fieldPathOf, type PodAction, type PodEvent, type PodMemory } from './pod/snapshot.js';
import { readTail } from './log-tail.js';

export const PODS: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };

export interface ActionContext {
  client: ApiClient;
  runtime: Runtime;
  clock: Clock;
  logger: AgentLogger;
  nodeName: string;
  hostIP: string;
  dataDir: string;
  pod: Pod;
  memory: PodMemory;
  /** Resolved env by container name (absent = no env beyond the spec's literals). */
  env: Record<string, Record<string, string>>;
}

export interface ActionResult {
  ok: boolean;
  events: PodEvent[];
  /** A successful start: the started container as the runtime reported it (probes can begin without waiting for a relist). */
  started?: ContainerInfo;
}

const OK: ActionResult = { ok: true, events: [] };

export async function executeAction(ctx: ActionContext, action: PodAction): Promise<ActionResult> {
  switch (action.type) {
    case 'pull': return pull(ctx, action);
    case 'start': return start(ctx, action);
    case 'kill': {
      const all = [...(ctx.pod.spec.initContainers ?? []), ...ctx.pod.spec.containers];
      const info = await ctx.runtime.inspect(action.containerId);
      const result = await killContainer({
        runtime: ctx.runtime, clock: ctx.clock, containerId: action.containerId, graceSeconds: action.graceSeconds, preStop: action.preStop,
        spec: all.find((c) => c.name === action.containerName), info: info.ok ? info.value : undefined,
      });
      if (result.hook?.result === 'failure') {
        return { ok: result.stopped, events: [{ type: 'Warning', reason: 'FailedPreStopHook', message: `PreStopHook failed: ${result.hook.message}`, fieldPath: `spec.containers{${action.containerName}}` }] };
      }
      if (!result.stopped) ctx.logger.warn({ pod: ctx.pod.metadata.name, container: action.containerName, message: result.message }, 'stop failed');
      return { ok: result.stopped, events: [] };
    }
    case 'remove': {
      const removed = await ctx.runtime.remove(action.containerId);
      delete ctx.memory.terminationMessages[action.containerId];
      return { ok: removed.ok || removed.reason === 'NotFound', events: [] };
    }
    case 'captureLogs': {
      ctx.memory.terminationMessages[action.containerId] = await readTail(ctx.runtime, action.containerId, action.tailLines, action.maxBytes);
      return OK;
    }
    case 'finalizeDeletion': {
      const { namespace, name, uid } = ctx.pod.metadata;
      try {
        await ctx.client.delete(PODS, namespace, name!, { gracePeriodSeconds: 0, ...(uid ? { preconditions: { uid } } : {}) });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return OK;
    }
  }
}

async function pull(ctx: ActionContext, action: Extract<PodAction, { type: 'pull' }>): Promise<ActionResult> {
  const fieldPath = fieldPathOf(kindOf(ctx.pod, action.containerName), action.containerName);
  const result = await ctx.runtime.ensureImage(action.image, action.policy);
  if (result.ok) {
    delete ctx.memory.pulls[action.containerName];
    return { ok: true, events: action.policy === 'Never' ? [] : [{ type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${action.image}"`, fieldPath }] };
  }
  const reason = result.reason === 'ErrImageNeverPull' || result.reason === 'InvalidImageName' ? result.reason : 'ErrImagePull';
  const previous = ctx.memory.pulls[action.containerName];
  ctx.memory.pulls[action.containerName] = { failures: (previous?.failures ?? 0) + 1, lastFailureAt: ctx.clock.now(), reason, message: result.message };
  return {
    ok: false,
    events: [
      { type: 'Warning', reason: 'Failed', message: `Failed to pull image "${action.image}": ${result.message}`, fieldPath },
      { type: 'Warning', reason: 'Failed', message: `Error: ${reason}`, fieldPath },
    ],
  };
}

async function start(ctx: ActionContext, action: Extract<PodAction, { type: 'start' }>): Promise<ActionResult> {
  const all = [...(ctx.pod.spec.initContainers ?? []), ...ctx.pod.spec.containers];
  const container = all.find((c) => c.name === action.containerName)!;
  const fieldPath = fieldPathOf(action.kind, action.containerName);
  const spec = toContainerSpec({
    pod: ctx.pod, container, kind: action.kind, attempt: action.attempt, restartBackoffMs: action.restartBackoffMs,
    env: ctx.env[action.containerName] ?? literalEnv(container), nodeName: ctx.nodeName, hostIP: ctx.hostIP, dataDir: ctx.dataDir,
  });
  const failed = (reason: 'CreateContainerError' | 'RunContainerError', message: string): ActionResult => {
    ctx.memory.creates[action.containerName] = { at: ctx.clock.now(), reason, message };
    return { ok: false, events: [{ type: 'Warning', reason: 'Failed', message: `Error: ${message}`, fieldPath }] };
  };
  const created = await ctx.runtime.create(spec);
  if (!created.ok) return failed('CreateContainerError', created.message);
  const started = await ctx.runtime.start(created.value.id);
  if (!started.ok) {
    await ctx.runtime.remove(created.value.id);
    return failed('RunContainerError', started.message);
  }
  delete ctx.memory.creates[action.containerName];
  const events: PodEvent[] = [
    { type: 'Normal', reason: 'Created', message: `Created container ${action.containerName}`, fieldPath },
    { type: 'Normal', reason: 'Started', message: `Started container ${action.containerName}`, fieldPath },
  ];
  const postStart = container.lifecycle?.postStart;
  if (postStart) {
    // Like the kubelet: a failed postStart hook kills the container, which then restarts per policy.
    const grace = ctx.pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
    const hook = await runHook(postStart, { runtime: ctx.runtime, clock: ctx.clock, spec: container, info: started.value, containerId: created.value.id, budgetMs: grace * 1000 });
    if (hook.result === 'failure') {
      events.push({ type: 'Warning', reason: 'FailedPostStartHook', message: `PostStartHook failed: ${hook.message}`, fieldPath });
      await ctx.runtime.stop(created.value.id, grace);
      return { ok: true, events };
    }
  }
  return { ok: true, events, started: started.value };
}

function literalEnv(container: { env?: Array<{ name: string; value?: string }> }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

function kindOf(pod: Pod, name: string): 'init' | 'regular' {
  return (pod.spec.initContainers ?? []).some((c) => c.name === name) ? 'init' : 'regular';
}
