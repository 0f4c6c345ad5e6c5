/**
 * Node lifecycle controller shell: watches Nodes, node Leases and Pods; for each node key
 * applies reconcileNode()'s decision through the API (nodes/status, the Node's taints,
 * pods/status, pod deletes) and comes back when the node's Lease would expire, so a dead
 * host is noticed within ~heartbeatGraceMs without a polling loop.
 */
import { publishHeartbeatPeriod } from './heartbeat-period.js';
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNodeName, isNotFound, type Informer } from '../../client/index.js';
import { queueController, type Controller, type ControllerContext } from '../runtime/controller.js';
import { CLUSTER_MODE_REUSE_MS, NODE_LIFECYCLE_DEFAULTS, NODE_LIFECYCLE_WORKERS, type NodeLifecycleOptions } from './defaults.js';
import { disruptionMessage, disruptionMode, releaseNode, type DisruptionMode, type EvictionLimiterState } from './disruption.js';
import { HeartbeatTracker } from './heartbeats.js';
import { readyStatusOf } from './conditions.js';
import { assessNode, reconcileNode, type NodeDecision } from './reconcile.js';
import { isLifecycleTaint, taintsOf } from './taints.js';

const NODES = resourceByKind('v1', 'Node')!;
const PODS = resourceByKind('v1', 'Pod')!;
const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;
/** Where agents renew their heartbeat Lease, named after the node. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const BY_NODE = 'nodeName';

export interface NodeLifecycleControllerOptions extends Partial<NodeLifecycleOptions> {
  workers?: number;
}

export function createNodeLifecycleController(ctx: ControllerContext, options: NodeLifecycleControllerOptions = {}): Controller {
  const { workers = NODE_LIFECYCLE_WORKERS, ...overrides } = options;
  const opts: NodeLifecycleOptions = { ...NODE_LIFECYCLE_DEFAULTS, ...overrides };
  const nodes: Informer = ctx.informers.informerFor(NODES);
  // All namespaces, filtered here: the garbage collector already watches every Lease, so the
  // shared informer saves the server a second watch stream (and this process a second
  // decode) for every renewal of every node.
  const leases: Informer = ctx.informers.informerFor(LEASES);
  const pods: Informer = ctx.informers.informerFor(PODS);
  if (!pods.cache.hasIndexer(BY_NODE)) pods.addIndexer(BY_NODE, byNodeName);
  const heartbeats = new HeartbeatTracker();
  const log = ctx.logger.child({ controller: 'nodelifecycle' });
  // Shared by the workers; every read-decide-write of it happens without an await in between.
  let limiter: EvictionLimiterState = { admitted: new Set() };
  let lastMode: DisruptionMode = 'Normal';
  const heldNotified = new Map<string, DisruptionMode>();

  const leaseOf = (nodeName: string) => leases.cache.get(`${NODE_LEASE_NAMESPACE}/${nodeName}`);
  const observe = (nodeName: string, nowMs: number) => heartbeats.observe(nodeName, leaseOf(nodeName), nowMs);

  // Counting unreachable nodes is O(nodes); reused for CLUSTER_MODE_REUSE_MS so a busy
  // 1,000-node cluster does not pay it on every pass.
  let cluster: { atMs: number; mode: DisruptionMode; unreachable: number; total: number } | undefined;
  const clusterMode = (nowMs: number) => {
    const all = nodes.cache.list();
    if (cluster && cluster.total === all.length && nowMs >= cluster.atMs && nowMs - cluster.atMs < CLUSTER_MODE_REUSE_MS) return cluster;
    const unreachable = all.filter((n) => assessNode(n, observe(n.metadata.name!, nowMs).lastHeartbeatMs, nowMs, opts.heartbeatGraceMs).leaseExpired).length;
    cluster = { atMs: nowMs, mode: disruptionMode(unreachable, all.length, opts), unreachable, total: all.length };
    return cluster;
  };

  const sync = async (nodeName: string) => {
    const node = nodes.cache.get(nodeName);
    if (!node) {
      heartbeats.forget(nodeName);
      limiter = releaseNode(limiter, nodeName);
      heldNotified.delete(nodeName);
      return;
    }
    const nowMs = ctx.clock.now();
    const now = clusterMode(nowMs);
    if (now.mode !== lastMode) {
      log.info({ from: lastMode, to: now.mode, unreachable: now.unreachable, total: now.total }, 'disruption mode changed');
      lastMode = now.mode;
      for (const other of nodes.cache.list()) if (other.metadata.name !== nodeName) controller.queue.add(other.metadata.name!);
    }
    const heartbeat = observe(nodeName, nowMs);
    const decision = reconcileNode({
      node, pods: pods.cache.byIndex(BY_NODE, nodeName), nowMs, ...heartbeat, mode: now.mode, limiter, options: opts,
    });
    limiter = decision.limiter;
    noteHold(node, decision, now);
    await apply(node, decision);
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  };

  /** One Event per node and guard mode, not one per pass. */
  const noteHold = (node: KubeObject, decision: NodeDecision, cluster: { unreachable: number; total: number }) => {
    const name = node.metadata.name!;
    if (!decision.held) {
      heldNotified.delete(name);
      return;
    }
    if (heldNotified.get(name) === decision.held.mode) return;
    heldNotified.set(name, decision.held.mode);
    const reason = decision.held.mode === 'FullDisruption' ? 'EvictionStopped' : 'EvictionSlowed';
    ctx.events.record(node, { type: 'Warning', reason: reason, message: disruptionMessage(decision.held.mode, cluster.unreachable, cluster.total) });
  };

  const apply = async (node: KubeObject, decision: NodeDecision) => {
    const name = node.metadata.name!;
    let current = node;
    try {
      // resourceVersion makes both writes conditional: an agent that came back and posted
      // Ready=True in between wins, and the next pass re-decides.
      if (decision.conditions) {
        current = await ctx.client.patch(NODES, undefined, name, {
          type: 'merge', body: { metadata: { resourceVersion: current.metadata.resourceVersion }, status: { conditions: decision.conditions } },
        }, { subresource: 'status' });
        log.info({ node: name }, 'node lease expired: Ready=Unknown');
        ctx.events.record(node, { type: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady` });
      }
      if (decision.taints) {
        await ctx.client.patch(NODES, undefined, name, {
          type: 'merge', body: { metadata: { resourceVersion: current.metadata.resourceVersion }, spec: { taints: decision.taints } },
        });
      }
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const failures: unknown[] = [];
    const tolerateGone = (err: unknown) => { if (!isNotFound(err)) failures.push(err); };
    await Promise.all(decision.markNotReady.map(async ({ pod, conditions }) => {
      try {
        await ctx.client.patch(PODS, pod.metadata.namespace, pod.metadata.name!, {
          type: 'merge', body: { metadata: { resourceVersion: pod.metadata.resourceVersion }, status: { conditions } },
        }, { subresource: 'status' });
        ctx.events.record(pod, { type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' });
      } catch (err) { tolerateGone(err); }
    }));
    await Promise.all(decision.evict.map(async ({ pod, taint, force }) => {
      try {
        await ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, {
          preconditions: { uid: pod.metadata.uid }, ...(force ? { gracePeriodSeconds: 0 } : {}),
        });
        log.info({ namespace: pod.metadata.namespace, pod: pod.metadata.name, node: name, taint: taint.key, force }, 'evicted pod');
        ctx.events.record(pod, { type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}` });
      } catch (err) { tolerateGone(err); }
    }));
    if (failures.length > 0) throw failures[0];
  };

  const controller = queueController(ctx, 'nodelifecycle', workers, sync);
  const enqueue = (nodeName: string | undefined) => { if (nodeName) controller.queue.add(nodeName); };
  /**
   * Pod changes and Lease renewals matter only for nodes this controller is acting on; a
   * healthy node is re-checked anyway when its Lease would expire (the requeue), so its
   * renewal every second costs no pass.
   */
  const enqueueIfActedOn = (nodeName: string | undefined) => {
    const node = nodeName ? nodes.cache.get(nodeName) : undefined;
    if (node && actedOn(node)) enqueue(nodeName);
  };
  const enqueueNodeOf = (pod: KubeObject) => enqueueIfActedOn(pod.spec?.nodeName);
  nodes.addEventHandler({
    onAdd: (node) => { observe(node.metadata.name!, ctx.clock.now()); enqueue(node.metadata.name); },
    // The agent rewrites its conditions on every beat; a healthy node has nothing to do.
    onUpdate: (old, node) => { if (actedOn(old) || actedOn(node)) enqueue(node.metadata.name); },
    onDelete: (node) => enqueue(node.metadata.name),
  });
  const isNodeLease = (lease: KubeObject) => lease.metadata.namespace === NODE_LEASE_NAMESPACE;
  leases.addEventHandler({
    // Timed here, when the renewal is seen, rather than when a worker gets to the key.
    onAdd: (lease) => { if (isNodeLease(lease)) { observe(lease.metadata.name!, ctx.clock.now()); enqueueIfActedOn(lease.metadata.name); } },
    onUpdate: (_old, lease) => { if (isNodeLease(lease)) { observe(lease.metadata.name!, ctx.clock.now()); enqueueIfActedOn(lease.metadata.name); } },
    onDelete: (lease) => { if (isNodeLease(lease)) enqueue(lease.metadata.name); },
  });
  pods.addEventHandler({ onAdd: enqueueNodeOf, onUpdate: (_old, pod) => enqueueNodeOf(pod), onDelete: enqueueNodeOf });
  log.debug('node lifecycle controller ready');
  return {
    name: 'nodelifecycle',
    run: async (signal) => {
      // Agents take their beat from here, so the grace and the beat always fit together.
      const periodMs = await publishHeartbeatPeriod(ctx.client, opts.heartbeatGraceMs)
        .catch((err: unknown) => { log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not publish the heartbeat period'); return undefined; });
      if (periodMs !== undefined) log.info({ periodMs, graceMs: opts.heartbeatGraceMs }, 'heartbeat period published');
      await controller.run(signal);
    },
  };
}

/** The node is not plainly healthy: not Ready=True, or carrying a lifecycle taint. */
function actedOn(node: KubeObject): boolean {
  return readyStatusOf(node) !== 'True' || taintsOf(node).some(isLifecycleTaint);
}
