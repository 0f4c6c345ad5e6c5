/**
 * Scheduler shell: watches nodes and pods, queues pods that have no node, runs the pure
 * pipeline, and binds through `pods/binding`. A pod that fits nowhere stays Pending with
 * `PodScheduled=False` and a FailedScheduling Event that explains every node; it is retried
 * when nodes change or pods go away (and at least every UNSCHEDULABLE_RETRY_MS).
 */
import { resourceByKind } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { isConflict, isNotFound, type Informer } from '../client/index.js';
import { keyOf, queueController, type Controller, type ControllerContext } from '../controllers/index.js';
import { NodeInfos } from './node-infos.js';
import { schedule } from './pipeline.js';
import { checkPodVolumes, type VolumeListers } from './filters/volumes.js';
import { SELECTED_NODE_ANNOTATION } from '../controllers/volume/constants.js';
import { decisionStats, SCHEDULER_STATS_ENV, SCHEDULER_STATS_PERIOD_MS } from './stats.js';

const PODS = resourceByKind('v1', 'Pod')!;
const NODES = resourceByKind('v1', 'Node')!;
const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
const VOLUMES = resourceByKind('v1', 'PersistentVolume')!;
const CLASSES = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;

export const SCHEDULER_NAME = 'default-scheduler';
/** Unschedulable pods are tried again at least this often, even without cluster changes. */
export const UNSCHEDULABLE_RETRY_MS = 60_000;
/** Bindings in flight at once; decisions stay sequential (they are synchronous). */
export const SCHEDULER_WORKERS = 16;

function wantsScheduling(pod: KubeObject): boolean {
  return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp &&
    (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

export function createScheduler(ctx: ControllerContext): Controller & { decisionsMs: number[] } {
  const nodes: Informer = ctx.informers.informerFor(NODES);
  const pods: Informer = ctx.informers.informerFor(PODS);
  const claims: Informer = ctx.informers.informerFor(CLAIMS);
  const volumes: Informer = ctx.informers.informerFor(VOLUMES);
  const classes: Informer = ctx.informers.informerFor(CLASSES);
  const volumeListers: VolumeListers = {
    claim: (namespace, name) => claims.cache.get(`${namespace}/${name}`),
    volume: (name) => volumes.cache.get(name),
    storageClass: (name) => classes.cache.get(name),
  };
  const infos = new NodeInfos();
  const unschedulable = new Set<string>();
  const decisionsMs: number[] = [];
  let offset = 0;

  const retryUnschedulable = () => {
    for (const key of unschedulable) controller.queue.add(key);
    unschedulable.clear();
  };

  const sync = async (key: string) => {
    const pod = pods.cache.get(key);
    if (!pod || !wantsScheduling(pod)) return;
    const started = performance.now();
    const volumeCheck = checkPodVolumes(pod, volumeListers);
    const placement = volumeCheck.ok
      ? schedule(pod, infos.all(), { offset: offset++, extraFilters: volumeCheck.filter ? [{ name: 'VolumeBinding', filter: volumeCheck.filter }] : [] })
      : { ok: false as const, message: `0/${infos.all().length} nodes are available: ${volumeCheck.message}.` };
    if (decisionsMs.length < 100_000) decisionsMs.push(performance.now() - started);
    if (!placement.ok) {
      unschedulable.add(key);
      ctx.events.record(pod, { type: 'Warning', reason: 'FailedScheduling', message: placement.message });
      await markUnschedulable(pod, placement.message);
      return { requeueAfterMs: UNSCHEDULABLE_RETRY_MS };
    }
    infos.assume(pod, placement.node);
    try {
      // WaitForFirstConsumer claims learn their node before the pod is bound: the volume is provisioned there.
      for (const claim of volumeCheck.ok ? volumeCheck.selectNode : []) {
        if (claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === placement.node) continue;
        await ctx.client.patch(CLAIMS, claim.metadata.namespace, claim.metadata.name!, {
          type: 'merge', body: { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: placement.node } } },
        });
      }
      await ctx.client.create(PODS, {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: placement.node },
      } as KubeObject, { subresource: 'binding' } as never);
    } catch (err) {
      infos.forgetPod(pod.metadata.uid!);
      if (isConflict(err) || isNotFound(err)) return; // bound by someone else, or gone
      throw err;
    }
    ctx.events.record(pod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${placement.node}` });
    return undefined;
  };

  const markUnschedulable = async (pod: KubeObject, message: string) => {
    const conditions: any[] = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    const previous = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (previous?.status === 'False' && previous.message === message) return;
    conditions.push({
      type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message,
      lastProbeTime: null, lastTransitionTime: new Date(ctx.clock.now()).toISOString(),
    });
    try {
      await ctx.client.patch(PODS, pod.metadata.namespace, pod.metadata.name!, { type: 'merge', body: { status: { phase: 'Pending', conditions } } }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  const controller = queueController(ctx, 'scheduler', SCHEDULER_WORKERS, sync);
  nodes.addEventHandler({
    onAdd: (n) => { infos.upsertNode(n); retryUnschedulable(); },
    onUpdate: (_o, n) => { infos.upsertNode(n); retryUnschedulable(); },
    onDelete: (n) => infos.removeNode(n.metadata.name!),
  });
  // A claim that binds or a volume that appears may be what an unschedulable pod waits for.
  for (const informer of [claims, volumes, classes]) {
    informer.addEventHandler({ onAdd: retryUnschedulable, onUpdate: retryUnschedulable, onDelete: () => undefined });
  }
  pods.addEventHandler({
    onAdd: (p) => { infos.observePod(p); if (wantsScheduling(p)) controller.queue.add(keyOf(p)); },
    onUpdate: (o, p) => {
      infos.observePod(p);
      if (wantsScheduling(p)) controller.queue.add(keyOf(p));
      else if (o.spec?.nodeName && (p.metadata.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) retryUnschedulable();
    },
    onDelete: (p) => {
      infos.forgetPod(p.metadata.uid!);
      unschedulable.delete(keyOf(p));
      if (p.spec?.nodeName) retryUnschedulable();
    },
  });
  // Opt-in periodic log of decision times (benchmarks parse it); logs only when new decisions arrived.
  const run = async (signal: AbortSignal) => {
    if (process.env[SCHEDULER_STATS_ENV] !== '1') return controller.run(signal);
    let logged = 0;
    const log = () => {
      if (decisionsMs.length === logged) return;
      logged = decisionsMs.length;
      ctx.logger.info({ schedulerStats: decisionStats(decisionsMs) }, 'scheduler decision times');
    };
    const timer = setInterval(log, SCHEDULER_STATS_PERIOD_MS);
    try {
      return await controller.run(signal);
    } finally {
      clearInterval(timer);
      log();
    }
  };
  return { name: 'scheduler', run, decisionsMs };
}
