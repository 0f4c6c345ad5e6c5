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
import { buildLease, microTime, NODE_LEASE_NAMESPACE } from './node/lease.js';
import { DEFAULT_STUCK_MS, isChannelUnavailable, type HeartbeatChannel } from '../client/heartbeat-channel.js';
import { HEARTBEAT_SETTINGS } from '../api/heartbeat-settings.js';

export const NODES: ResourceType = { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false };
/**
 * Unchanged node conditions are re-posted this often; the Lease is the liveness signal and a
 * changed condition is posted at once. Five minutes, as kubelet's nodeStatusReportFrequency:
 * at one minute, 500 nodes cost the server a wave of 500 full PATCHes every minute.
 */
export const STATUS_REPORT_MS = 5 * 60_000;

/**
 * A Lease renewal in flight this long is presumed stuck: typically its request went out on a
 * keep-alive connection just before a network partition, and TCP retransmits it only seconds
 * apart after the network heals, long enough to make a 2 s blip look like a dead node. The
 * next renewal does not queue behind it (it gets a fresh connection); fencing counts renewals
 * by when they were sent, so a late answer to the stuck one changes nothing. The heartbeat
 * channel abandons its connection after the same time.
 */
export const STUCK_RENEWAL_MS = DEFAULT_STUCK_MS;

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
  /** Called after each successful Lease renewal with the time its request was sent (fencing). */
  onLeaseRenewed?: (sentAtMs: number) => void;
  /**
   * The local service proxy's applied revision (src/agent/network appliedRevision()); each
   * renewal publishes it on the Lease (PROXY_REVISION_ANNOTATION). Absent = no proxy here.
   */
  proxyRevision?: () => string | undefined;
  /**
   * Renew over the server's heartbeat channel (src/client/heartbeat-channel.ts) instead of a
   * PUT per beat; creating the Lease, and renewing against a server without a channel, still
   * use plain API writes.
   */
  channel?: HeartbeatChannel;
}

export interface NodeHeartbeat {
  /** Create the Node, or bring an existing one's labels and status up to date. */
  register(): Promise<KubeObject>;
  /** One heartbeat: node conditions + Lease renewal. */
  beat(): Promise<void>;
  /** Re-post the node conditions at the next beat even if unchanged (after a fence the server has marked them Unknown). */
  reportNextBeat(): void;
  /**
   * Renews the Lease now if the proxy revision changed since it was last published, so
   * deleting agents see the acknowledgement within one call period (not one heartbeat).
   */
  publishProxyRevision(): Promise<void>;
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

  // The proxy revision the Lease carries (null: none); renewals run one at a time so the
  // beat and an early publish never conflict with each other.
  let publishedRevision: string | null | undefined;
  let renewing: Promise<void> = Promise.resolve();
  let inFlightSinceMs: number | undefined;
  const renewLease = (): Promise<void> => {
    // …except behind one presumed stuck (STUCK_RENEWAL_MS), which goes on beside the new one.
    const stuck = inFlightSinceMs !== undefined && opts.clock.now() - inFlightSinceMs > STUCK_RENEWAL_MS;
    const run = async () => {
      const started = opts.clock.now();
      inFlightSinceMs = started;
      try {
        await renewLeaseOnce();
      } finally {
        if (inFlightSinceMs === started) inFlightSinceMs = undefined;
      }
    };
    const next = (stuck ? Promise.resolve() : renewing).then(run);
    renewing = next.catch(() => {});
    return next;
  };

  let channel = opts.channel;

  /** True when the channel renewed the Lease; false when there is none to renew (create it) or no channel. */
  async function renewOverChannel(now: number, proxyRevision: string | null): Promise<boolean> {
    if (!channel) return false;
    try {
      await channel.renew({ renewTime: microTime(now), leaseDurationSeconds: opts.leaseDurationSeconds, proxyRevision });
      lease = undefined; // the copy a PUT would renew from is stale now
      return true;
    } catch (err) {
      if (isChannelUnavailable(err)) {
        opts.logger.info({ node: opts.nodeName, reason: err.message }, 'no heartbeat channel on the server: renewing the Lease with PUT');
        channel = undefined;
        return false;
      }
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async function renewLeaseOnce(): Promise<void> {
    const now = opts.clock.now();
    const proxyRevision = opts.proxyRevision ? opts.proxyRevision() ?? null : null;
    if (await renewOverChannel(now, proxyRevision)) {
      publishedRevision = proxyRevision;
      opts.onLeaseRenewed?.(now);
      return;
    }
    try {
      const existing = lease ?? await opts.client.get(LEASES, NODE_LEASE_NAMESPACE, opts.nodeName);
      lease = await opts.client.update(LEASES, buildLease({ nodeName: opts.nodeName, leaseDurationSeconds: opts.leaseDurationSeconds, now, nodeUid, existing, proxyRevision }));
      publishedRevision = proxyRevision;
      opts.onLeaseRenewed?.(now);
    } catch (err) {
      lease = undefined;
      if (isConflict(err)) return; // someone renewed in between: next beat re-reads
      if (!isNotFound(err)) throw err;
      lease = await opts.client.create(LEASES, buildLease({ nodeName: opts.nodeName, leaseDurationSeconds: opts.leaseDurationSeconds, now, nodeUid, proxyRevision }));
      publishedRevision = proxyRevision;
      opts.onLeaseRenewed?.(now);
    }
  }

  async function publishProxyRevision(): Promise<void> {
    if (!opts.proxyRevision) return;
    if ((opts.proxyRevision() ?? null) === publishedRevision) return;
    await renewLease();
  }

  async function beat(): Promise<void> {
    try {
      await renewLease();
    } catch (err) {
      // While we cannot reach the server it may mark the node Ready=Unknown: the first beat
      // that gets through re-posts the conditions even if they did not change here.
      reported = { key: '', atMs: -Infinity };
      throw err;
    }
    const current = await currentConditions();
    const key = JSON.stringify(current.map((c) => [c.type, c.status, c.reason, c.message]));
    const nowMs = opts.clock.now();
    if (key === reported.key && nowMs - reported.atMs < STATUS_REPORT_MS) return;
    await opts.client.patch(NODES, undefined, opts.nodeName, { type: 'merge', body: { status: { conditions: current } } }, { subresource: 'status' });
    reported = { key, atMs: nowMs };
  }

  return { register, beat, publishProxyRevision, reportNextBeat: () => { reported = { key: '', atMs: -Infinity }; } };
}

/** The next heartbeat delay: period ± jitterFraction, e.g. 10 s ± 10 % → 9–11 s. */
export function jittered(periodMs: number, jitterFraction: number, random: () => number): number {
  return Math.round(periodMs * (1 + (random() * 2 - 1) * jitterFraction));
}

const CONFIGMAPS: ResourceType = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/**
 * The data of the heartbeat settings the server publishes (period and grace, see
 * src/api/heartbeat-settings.ts); undefined when there are none (yet). One read serves both.
 */
export async function readHeartbeatSettings(client: ApiClient): Promise<Record<string, string> | undefined> {
  try {
    const settings = await client.get(CONFIGMAPS, HEARTBEAT_SETTINGS.namespace, HEARTBEAT_SETTINGS.name);
    return settings.data as Record<string, string> | undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
