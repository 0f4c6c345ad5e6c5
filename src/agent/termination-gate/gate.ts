/**
 * The termination gate's shell: reads EndpointSlices (pod's namespace), Nodes and node
 * Leases through the API, at most once per poll period however many pods wait, and asks
 * decideTermination. It never sleeps: a pod that must wait gets a retry delay and the pod
 * worker looks again (level-triggered), so a waiting pod holds no worker.
 */
import type { ApiClient, ResourceType } from '../../client/types.js';
import type { Clock } from '../../client/clock.js';
import type { KubeObject } from '../../api/types.js';
import type { AgentLogger } from '../logger.js';
import type { Pod } from '../pod/pod-types.js';
import type { PodEvent } from '../pod/snapshot.js';
import { RESTART_DEFAULTS } from '../defaults.js';
import { NODE_LEASE_NAMESPACE } from '../node/lease.js';
import { decideTermination, gateBoundMs, gateEvent, type GateMemory } from './decide.js';
import { proxyFactsOf, sliceFactsFor } from './facts.js';
import { TERMINATION_GATE_DEFAULTS } from './defaults.js';

const ENDPOINT_SLICES: ResourceType = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true };
const LEASES: ResourceType = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true };
const NODES: ResourceType = { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false };
/** Pods remembered at most; a pod is forgotten when its deletion is finalised, this only caps leaks. */
const MAX_REMEMBERED = 4096;

export type GateCheck =
  | { proceed: true; event?: PodEvent }
  | { proceed: false; retryAfterMs: number };

export interface TerminationGate {
  /** For a deleting pod whose containers are about to be stopped: go now, or look again later. */
  check(pod: Pod): Promise<GateCheck>;
  /** The pod is gone: drop what the gate remembered of it. */
  forget(podUid: string): void;
}

export interface TerminationGateOptions {
  client: ApiClient;
  clock: Clock;
  logger: AgentLogger;
  pollMs?: number;
  maxWaitMs?: number;
}

interface Snapshot { atMs: number; items: KubeObject[] }

export function createTerminationGate(opts: TerminationGateOptions): TerminationGate {
  const pollMs = opts.pollMs ?? TERMINATION_GATE_DEFAULTS.pollMs;
  const maxWaitMs = opts.maxWaitMs ?? TERMINATION_GATE_DEFAULTS.maxWaitMs;
  const memories = new Map<string, GateMemory>();
  const passed = new Set<string>();
  const snapshots = new Map<string, { current?: Snapshot; loading?: Promise<Snapshot> }>();

  /** One list per key and poll period, shared by concurrent callers. */
  function fresh(key: string, load: () => Promise<KubeObject[]>): Promise<Snapshot> {
    let entry = snapshots.get(key);
    if (!entry) snapshots.set(key, entry = {});
    const slot = entry;
    if (slot.current && opts.clock.now() - slot.current.atMs < pollMs) return Promise.resolve(slot.current);
    slot.loading ??= (async () => {
      const atMs = opts.clock.now();
      try {
        slot.current = { atMs, items: await load() };
        return slot.current;
      } finally {
        slot.loading = undefined;
      }
    })();
    return slot.loading;
  }

  function pass(uid: string): void {
    memories.delete(uid);
    passed.add(uid);
    if (passed.size > MAX_REMEMBERED) passed.delete(passed.values().next().value!);
  }

  async function check(pod: Pod): Promise<GateCheck> {
    const uid = pod.metadata.uid ?? '';
    if (passed.has(uid)) return { proceed: true };
    const namespace = pod.metadata.namespace ?? 'default';
    const graceSeconds = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
    const memory = memories.get(uid);
    let slices: KubeObject[];
    let nodes: KubeObject[];
    let leases: KubeObject[];
    try {
      [slices, nodes, leases] = await Promise.all([
        fresh(`slices/${namespace}`, async () => (await opts.client.list(ENDPOINT_SLICES, { namespace })).items).then((s) => s.items),
        fresh('nodes', async () => (await opts.client.list(NODES)).items).then((s) => s.items),
        fresh('leases', async () => (await opts.client.list(LEASES, { namespace: NODE_LEASE_NAMESPACE })).items).then((s) => s.items),
      ]);
    } catch (err) {
      // Unknown state: the pod may still be in some proxy, so keep waiting within the bound.
      const nowMs = opts.clock.now();
      const started = memory ?? { startedAtMs: nowMs, slices: [] };
      memories.set(uid, started);
      opts.logger.warn({ err, pod: `${namespace}/${pod.metadata.name}` }, 'termination gate could not read endpoints/leases');
      if (nowMs - started.startedAtMs < gateBoundMs(graceSeconds, maxWaitMs)) return { proceed: false, retryAfterMs: pollMs };
      pass(uid);
      return { proceed: true, event: { type: 'Warning', reason: 'ProxyAckTimeout', message: `Stopping after ${nowMs - started.startedAtMs} ms without reading EndpointSlices/Leases: ${String(err)}` } };
    }
    const decision = decideTermination({
      memory: memories.get(uid), slices: sliceFactsFor(uid, slices), proxies: proxyFactsOf(nodes, leases),
      graceSeconds, nowMs: opts.clock.now(), maxWaitMs,
    });
    if (decision.verdict === 'wait') {
      memories.set(uid, decision.memory);
      return { proceed: false, retryAfterMs: pollMs };
    }
    pass(uid);
    const log = { pod: `${namespace}/${pod.metadata.name}`, reason: decision.reason, waitedMs: decision.waitedMs, endpointsMs: decision.endpointsMs, proxies: decision.proxies, revision: decision.revision, pending: decision.pending };
    if (decision.reason === 'TimedOut') opts.logger.warn(log, 'stopping a pod before every proxy acknowledged its removal');
    else opts.logger.debug(log, 'termination gate passed');
    const event = gateEvent(decision);
    return event ? { proceed: true, event } : { proceed: true };
  }

  return {
    check,
    forget(podUid) {
      memories.delete(podUid);
      passed.delete(podUid);
    },
  };
}
