/**
 * Node registration and heartbeats: create or update the Node, then every heartbeat
 * period (± jitter) renew the Lease kube-node-lease/<node> and refresh node conditions.
 * A failed beat is logged and retried at the next period; it never stops the agent.
 */
import type { ApiClient, ResourceType } from '../client/types.js';
import type { Clock } from '../client/clock.js';
import { isAlreadyExists, isConflict, isNotFound } from '../client/errors.js';
import type { KubeObject } from '../api/types.js';
import type { Runtime } from './runtime/runtime.js';
import type { AgentLogger } from './logger.js';
import { buildNode } from './node/node-object.js';
import type { HostFacts } from './node/node-object.js';
import { computeNodeConditions, type HostReadings, type NodeCondition } from './node/node-conditions.js';
import { buildLease, NODE_LEASE_NAMESPACE } from './node/lease.js';
import { HEARTBEAT_SETTINGS, parseHeartbeatPeriod } from '../api/heartbeat-settings.js';

export const NODES: ResourceType = { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false };
/** Unchanged node conditions are re-posted this often (the Lease is the liveness signal). */
export const STATUS_REPORT_MS = 60_000;

export const LEASES: ResourceType = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true };

export interface HeartbeatOptions {
  client: ApiClient;
  clock: Clock;
  runtime: Runtime;
  logger: AgentLogger;
  nodeName: string;
  facts: HostFacts;
  labels?: Record<string, string>;
  controlPlane?: boolean;
  leaseDurationSeconds: number;
  readHostReadings: (runtimeReady: boolean, runtimeMessage?: string) => Promise<HostReadings>;
}

export interface NodeHeartbeat {
  /** Create the Node, or bring an existing one's labels and status up to date. */
  register(): Promise<KubeObject>;
  /** One heartbeat: node conditions + Lease renewal. */
  beat(): Promise<void>;
}

export function createNodeHeartbeat(opts: HeartbeatOptions): NodeHeartbeat {
  let conditions: NodeCondition[] = [];
  let nodeUid: string | undefined;

  async function currentConditions(): Promise<NodeCondition[]> {
    const info = await opts.runtime.info().catch((err: unknown) => ({ ok: false as const, message: String(err) }));
    const readings = await opts.readHostReadings(info.ok, info.ok ? undefined : info.message);
    conditions = computeNodeConditions(readings, conditions, opts.clock.now());
    return conditions;
  }

  async function register(): Promise<KubeObject> {
    const node = buildNode({ nodeName: opts.nodeName, facts: opts.facts, labels: opts.labels, controlPlane: opts.controlPlane, conditions: await currentConditions() });
    try {
      const created = await opts.client.create(NODES, node);
      nodeUid = created.metadata.uid;
      // The create may drop status (status subresource): write it explicitly.
      await opts.client.patch(NODES, undefined, opts.nodeName, { type: 'merge', body: { status: node.status } }, { subresource: 'status' });
      return created;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const existing = await opts.client.get(NODES, undefined, opts.nodeName);
    nodeUid = existing.metadata.uid;
    conditions = existing.status?.conditions ?? []; // keep their lastTransitionTime
    await opts.client.patch(NODES, undefined, opts.nodeName, { type: 'merge', body: { metadata: { labels: node.metadata.labels } } });
    return opts.client.patch(NODES, undefined, opts.nodeName, { type: 'merge', body: { status: { ...node.status, conditions: await currentConditions() } } }, { subresource: 'status' });
  }

  // The Lease we last wrote: renewing from it saves a GET per beat (1 write a second per node).
  let lease: KubeObject | undefined;
  // Node status is re-posted only when a condition changes, or every STATUS_REPORT_MS.
  let reported = { key: '', atMs: -Infinity };

  async function renewLease(): Promise<void> {
    const now = opts.clock.now();
    try {
      const existing = lease ?? await opts.client.get(LEASES, NODE_LEASE_NAMESPACE, opts.nodeName);
      lease = await opts.client.update(LEASES, buildLease({ nodeName: opts.nodeName, leaseDurationSeconds: opts.leaseDurationSeconds, now, nodeUid, existing }));
    } catch (err) {
      lease = undefined;
      if (isConflict(err)) return; // someone renewed in between: next beat re-reads
      if (!isNotFound(err)) throw err;
      lease = await opts.client.create(LEASES, buildLease({ nodeName: opts.nodeName, leaseDurationSeconds: opts.leaseDurationSeconds, now, nodeUid }));
    }
  }

  async function beat(): Promise<void> {
    await renewLease();
    const current = await currentConditions();
    const key = JSON.stringify(current.map((c) => [c.type, c.status, c.reason, c.message]));
    const nowMs = opts.clock.now();
    if (key === reported.key && nowMs - reported.atMs < STATUS_REPORT_MS) return;
    await opts.client.patch(NODES, undefined, opts.nodeName, { type: 'merge', body: { status: { conditions: current } } }, { subresource: 'status' });
    reported = { key, atMs: nowMs };
  }

  return { register, beat };
}

/** The next heartbeat delay: period ± jitterFraction, e.g. 10 s ± 10 % → 9–11 s. */
export function jittered(periodMs: number, jitterFraction: number, random: () => number): number {
  return Math.round(periodMs * (1 + (random() * 2 - 1) * jitterFraction));
}

const CONFIGMAPS: ResourceType = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/** The heartbeat period the server publishes, or `fallbackMs` when there is none (yet). */
export async function readHeartbeatPeriod(client: ApiClient, fallbackMs: number): Promise<number> {
  try {
    const settings = await client.get(CONFIGMAPS, HEARTBEAT_SETTINGS.namespace, HEARTBEAT_SETTINGS.name);
    return parseHeartbeatPeriod(settings.data as Record<string, string> | undefined) ?? fallbackMs;
  } catch (err) {
    if (isNotFound(err)) return fallbackMs;
    throw err;
  }
}
