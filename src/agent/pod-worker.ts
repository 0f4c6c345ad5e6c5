/**
 * The thin shell around decidePodActions for one pod key: read the world (pod from the
 * informer cache, runtime containers by pod uid, probe states, memory), decide, act,
 * write status only when it changed, emit events, and return when to look again.
 */
import type { ApiClient } from '../client/types.js';
import type { Clock } from '../client/clock.js';
import { isNotFound } from '../client/errors.js';
import { objectKey } from '../client/cache.js';
import type { KubeObject } from '../api/types.js';
import type { Runtime } from './runtime/runtime.js';
import type { AgentLogger } from './logger.js';
import type { EventRecorder } from './events.js';
import type { ProberManager } from './probes/prober.js';
import { AGENT_DEFAULTS, RESTART_DEFAULTS } from './defaults.js';
import { podSelector, identityOf } from './container-labels.js';
import { decidePodActions } from './pod/decide.js';
import type { Pod, PodStatus } from './pod/pod-types.js';
import { emptyPodMemory, type PodAction, type PodMemory } from './pod/snapshot.js';
import { executeAction, PODS, type ActionContext } from './actions.js';
import { resolveEnv } from './env.js';
import { sameJson } from './same-json.js';
import { hostPortsAnnotation, HOST_PORTS_ANNOTATION } from './pod/host-ports.js';
import { applyVolumeState, type VolumeManager } from './volumes/index.js';
import { createTerminationGate, type TerminationGate } from './termination-gate/index.js';

const CONFIG_TYPES = {
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  Secret: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
} as const;

/** Consecutive immediate re-syncs allowed before a pod is slowed to 1 s (guards against a decision loop). */
const MAX_IMMEDIATE_RESYNCS = 10;

export interface PodWorkerDeps {
  client: ApiClient;
  runtime: Runtime;
  runtimeName: string;
  clock: Clock;
  logger: AgentLogger;
  recorder: EventRecorder;
  prober: ProberManager;
  nodeName: string;
  hostIP: string;
  dataDir: string;
  getPod(key: string): Pod | undefined;
  /** Fencing (src/agent/fencing): while fenced nothing changes; pods found gone at recovery count as deleted. */
  fence?: { fenced(): boolean; isGone(uid: string): boolean };
  /** Holds a deleting pod's kill until every proxy dropped it (default: one reading the API through `client`). */
  terminationGate?: TerminationGate;
  /** Sets up, refreshes and removes pod volumes (src/agent/volumes); absent = hostPath/emptyDir bind mounts only. */
  volumes?: VolumeManager;
}

interface PodRecord {
  uid: string;
  memory: PodMemory;
  immediate: number;
  graceSeconds: number;
  /** The status this agent last wrote: the agent owns pod status, and the cache may lag behind its own write. */
  lastStatus?: PodStatus;
  /** resourceVersion of the pod our last status write produced. */
  lastWrittenRv?: number;
  /** The host-ports annotation this agent last wrote (same reason as lastStatus). */
  lastHostPorts?: string;
}

export interface PodWorkers {
  sync(key: string): Promise<{ requeueAfterMs?: number }>;
  /** Pod uid → key for every pod the workers know (relist uses it to find the key of a container). */
  keyOfUid(uid: string): string | undefined;
}

export function createPodWorkers(deps: PodWorkerDeps): PodWorkers {
  const records = new Map<string, PodRecord>();
  const uidToKey = new Map<string, string>();
  /** Pods whose deletion this agent finalised; a finalizer may keep the object around, and it must not be finalised again and again. */
  const finalized = new Set<string>();
  const gate = deps.terminationGate ?? createTerminationGate({ client: deps.client, clock: deps.clock, logger: deps.logger });

  async function forget(key: string, record: PodRecord | undefined): Promise<void> {
    deps.prober.stopPod(key);
    if (!record) return;
    // The pod object is gone (or moved to another node): nothing may keep running for it.
    for (const c of await deps.runtime.list(podSelector(record.uid))) {
      if (c.state === 'running') await deps.runtime.stop(c.id, record.graceSeconds);
      await deps.runtime.remove(c.id);
    }
    records.delete(key);
    uidToKey.delete(record.uid);
    gate.forget(record.uid);
    await deps.volumes?.cleanup(record.uid);
  }

  async function sync(key: string): Promise<{ requeueAfterMs?: number }> {
    // Fenced: the server may have replaced our pods already; start, restart or kill nothing.
    if (deps.fence?.fenced()) return { requeueAfterMs: 1_000 };
    const cached = deps.getPod(key);
    // The cache may still show a pod the recovery found gone (its containers were removed).
    const pod = cached && deps.fence?.isGone(cached.metadata.uid ?? '') ? undefined : cached;
    if (pod && finalized.has(pod.metadata.uid ?? '')) return {};
    let record = records.get(key);
    if (!pod || pod.spec.nodeName !== deps.nodeName || (record && record.uid !== pod.metadata.uid)) {
      await forget(key, record);
      if (!pod || pod.spec.nodeName !== deps.nodeName) return {};
      record = undefined;
    }
    const uid = pod.metadata.uid ?? '';
    if (!record) {
      record = { uid, memory: emptyPodMemory(), immediate: 0, graceSeconds: 0 };
      records.set(key, record);
      uidToKey.set(uid, key);
    }
    record.graceSeconds = pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;

    const containers = await deps.runtime.list(podSelector(uid));
    const newest = new Map<string, (typeof containers)[number]>();
    for (const c of containers) {
      const id = identityOf(c);
      if (!id || id.kind !== 'regular' || c.state !== 'running') continue;
      const prev = newest.get(id.containerName);
      if (!prev || (identityOf(prev)?.attempt ?? 0) < id.attempt) newest.set(id.containerName, c);
    }
    deps.prober.syncPod(key, pod.spec.containers, [...newest].map(([containerName, info]) => ({ containerName, info })));
    // Before the status: a pod that turns Ready can then already be reached at its host ports.
    await writeHostPorts(pod, record, hostPortsAnnotation(newest));

    const { env, configErrors } = await resolveAll(pod, containers);
    const current = record.lastStatus ? { ...pod, status: { ...pod.status, ...record.lastStatus } } : pod;
    // Volumes not set up yet hold every start back (FailedMount); a pod over an emptyDir sizeLimit is evicted.
    const decision = applyVolumeState(decidePodActions({
      pod: current, containers, probes: deps.prober.states(key), memory: record.memory, configErrors,
      hostIP: deps.hostIP, runtimeName: deps.runtimeName, now: deps.clock.now(),
    }), { pod: current, containers, mount: await deps.volumes?.prepare(current), eviction: deps.volumes?.evictionOf(uid) });
    if (pod.metadata.deletionTimestamp && decision.actions.some((a) => a.type === 'kill' && a.reason === 'PodDeleted')) {
      // No preStop/SIGTERM until every proxy stopped sending this pod new connections.
      const verdict = await gate.check(pod);
      if (!verdict.proceed) {
        await writeStatus(pod, record, decision.status);
        return { requeueAfterMs: verdict.retryAfterMs };
      }
      if (verdict.event) deps.recorder.record(pod, verdict.event);
    }
    for (const event of decision.events) deps.recorder.record(pod, event);
    const ctx: ActionContext = { client: deps.client, runtime: deps.runtime, clock: deps.clock, logger: deps.logger, nodeName: deps.nodeName, hostIP: deps.hostIP, dataDir: deps.dataDir, pod, memory: record.memory, env };
    const captures = decision.actions.filter((a) => a.type === 'captureLogs');
    if (captures.length > 0) {
      // A crashed container's last log lines belong in the status that first reports the
      // crash: capture them, then decide again at once instead of writing a status without them.
      await execute(ctx, captures);
      record.immediate++;
      return { requeueAfterMs: record.immediate > MAX_IMMEDIATE_RESYNCS ? 1_000 : 0 };
    }
    if (decision.actions.length > 0 && decision.actions.every((a) => a.type === 'pull' || a.type === 'start')) {
      // Pulls and starts need not wait for the status write (it only reports what is already
      // true, e.g. ContainerCreating). Kills must: the pod is shown not ready before it stops.
      // Both settle before the sync ends, so a failed write never leaves a start running unawaited.
      const [written, executed] = await Promise.allSettled([writeStatus(pod, record, decision.status), execute(ctx, decision.actions)]);
      if (executed.status === 'rejected') throw executed.reason;
      if (written.status === 'rejected') throw written.reason;
    } else {
      await writeStatus(pod, record, decision.status);
      await execute(ctx, decision.actions);
    }
    if (decision.actions.some((a) => a.type === 'finalizeDeletion')) {
      finalized.add(uid);
      if (finalized.size > 10_000) finalized.delete(finalized.values().next().value!);
      await forget(key, record);
      return {};
    }
    if (decision.actions.length > 0) {
      record.immediate++;
      return { requeueAfterMs: record.immediate > MAX_IMMEDIATE_RESYNCS ? 1_000 : 0 };
    }
    record.immediate = 0;
    return { requeueAfterMs: Math.min(decision.requeueAfterMs ?? Infinity, AGENT_DEFAULTS.podResyncPeriodMs) };
  }

  /** Actions in order; kills run together (one grace period, not one per container); a failed pull skips its start. */
  async function execute(ctx: ActionContext, actions: PodAction[]): Promise<void> {
    const failedContainers = new Set<string>();
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i];
      if (action.type === 'kill') {
        const kills = [action];
        while (actions[i + 1]?.type === 'kill') kills.push(actions[++i] as typeof action);
        const results = await Promise.all(kills.map((k) => executeAction(ctx, k)));
        for (const r of results) for (const e of r.events) deps.recorder.record(ctx.pod, e);
        continue;
      }
      if ('containerName' in action && action.type === 'start' && failedContainers.has(action.containerName)) continue;
      const result = await executeAction(ctx, action);
      for (const e of result.events) deps.recorder.record(ctx.pod, e);
      // Probes start from the start result at once: the re-sync that would start them may wait for a free worker.
      if (result.started && action.type === 'start' && action.kind === 'regular') {
        deps.prober.addContainer(objectKey(ctx.pod), ctx.pod.spec.containers, action.containerName, result.started);
      }
      if (!result.ok && 'containerName' in action) failedContainers.add(action.containerName);
    }
  }

  async function resolveAll(pod: Pod, containers: Awaited<ReturnType<Runtime['list']>>) {
    const env: Record<string, Record<string, string>> = {};
    const configErrors: Record<string, string> = {};
    const alive = new Set(containers.filter((c) => c.state === 'running').map((c) => identityOf(c)?.containerName));
    for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      if (alive.has(container.name) || pod.metadata.deletionTimestamp) continue;
      if (!container.env?.length && !container.envFrom?.length) continue;
      const result = await resolveEnv(pod, container, lookup, deps.hostIP);
      if (result.ok) env[container.name] = result.env;
      else configErrors[container.name] = result.message;
    }
    return { env, configErrors };
  }

  async function lookup(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await deps.client.get(CONFIG_TYPES[kind], namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function writeHostPorts(pod: Pod, record: PodRecord, value: string | undefined): Promise<void> {
    if (value === undefined || value === (record.lastHostPorts ?? pod.metadata.annotations?.[HOST_PORTS_ANNOTATION])) return;
    try {
      await deps.client.patch(PODS, pod.metadata.namespace, pod.metadata.name!, { type: 'merge', body: { metadata: { annotations: { [HOST_PORTS_ANNOTATION]: value } } } });
      record.lastHostPorts = value;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async function writeStatus(pod: Pod, record: PodRecord, status: PodStatus): Promise<void> {
    // Our own last write counts until the informer shows a newer version of the pod; after
    // that the server's copy wins (e.g. the node-lifecycle controller marked it not ready).
    const seenRv = Number(pod.metadata.resourceVersion ?? 0);
    const ours = record.lastStatus && seenRv <= (record.lastWrittenRv ?? 0) ? record.lastStatus : {};
    const current: Record<string, unknown> = { ...(pod.status ?? {}), ...ours };
    const comparable = Object.fromEntries(Object.keys(status).map((k) => [k, current[k]]));
    if (sameJson(comparable, status)) return;
    try {
      const written = await deps.client.patch(PODS, pod.metadata.namespace, pod.metadata.name!, { type: 'merge', body: { status } }, { subresource: 'status' });
      record.lastStatus = status;
      record.lastWrittenRv = Number(written.metadata.resourceVersion ?? 0);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  return { sync, keyOfUid: (uid) => uidToKey.get(uid) };
}
