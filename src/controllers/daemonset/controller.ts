/**
 * DaemonSet controller shell: watches DaemonSets, Pods and Nodes, and for each DaemonSet
 * key applies reconcileDaemonSet()'s decision through the API. Any node change re-checks
 * every DaemonSet (nodes are few; placement is cheap).
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isConflict, isNotFound, type Informer } from '../../client/index.js';
import { controllerRefTo } from '../common/pods.js';
import { Expectations } from '../runtime/expectations.js';
import { ownedPodHandlers } from '../runtime/owned-pods.js';
import { isNamespaceTerminating, keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { daemonPodFor } from './pod-template.js';
import { reconcileDaemonSet, statusChanged, type DaemonSetDecision } from './reconcile.js';

const DAEMONSETS = resourceByKind('apps/v1', 'DaemonSet')!;
const PODS = resourceByKind('v1', 'Pod')!;
const NODES = resourceByKind('v1', 'Node')!;

export function createDaemonSetController(ctx: ControllerContext, workers = 2): Controller {
  const daemonSets: Informer = ctx.informers.informerFor(DAEMONSETS);
  const pods: Informer = ctx.informers.informerFor(PODS);
  const nodes: Informer = ctx.informers.informerFor(NODES);
  if (!pods.cache.hasIndexer('namespace')) pods.addIndexer('namespace', byNamespace);
  const expectations = new Expectations(ctx.clock);

  const sync = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const ds = daemonSets.cache.get(key);
    if (!ds) {
      expectations.forget(key);
      return;
    }
    const decision = reconcileDaemonSet({
      daemonSet: ds, nodes: nodes.cache.list(), pods: pods.cache.byIndex('namespace', namespace),
      nowMs: ctx.clock.now(), expectationsSatisfied: expectations.satisfied(key),
    });
    await apply(ds, decision, key);
    if (statusChanged(ds, decision.status)) {
      try {
        await ctx.client.patch(DAEMONSETS, namespace, name, { type: 'merge', body: { status: decision.status } }, { subresource: 'status' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  };

  const apply = async (ds: KubeObject, decision: DaemonSetDecision, key: string) => {
    const namespace = ds.metadata.namespace!;
    for (const pod of decision.adopt) {
      await ctx.client.patch(PODS, namespace, pod.metadata.name!, {
        type: 'merge', body: { metadata: { resourceVersion: pod.metadata.resourceVersion, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRefTo(ds)] } },
      });
    }
    if (decision.createOn.length === 0 && decision.remove.length === 0) return;
    expectations.expect(key, decision.createOn.length, decision.remove.length);
    const created = await Promise.allSettled(decision.createOn.map((node) => ctx.client.create(PODS, daemonPodFor(ds, node, decision.hash))));
    const failed = created.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (created.length > failed.length) ctx.events.record(ds, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created ${created.length - failed.length} pod(s)` });
    if (failed.length > 0) expectations.lowerAdds(key, failed.length);
    const failures = failed.filter((r) => !isNamespaceTerminating(r.reason));
    if (failures.length > 0) {
      ctx.events.record(ds, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${failures[0].reason instanceof Error ? failures[0].reason.message : String(failures[0].reason)}` });
    }
    await Promise.all(decision.remove.map(async ({ pod, force }) => {
      try {
        await ctx.client.delete(PODS, namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid }, ...(force ? { gracePeriodSeconds: 0 } : {}) });
        ctx.events.record(ds, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` });
      } catch (err) {
        expectations.observedDelete(key);
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }));
    if (failures.length > 0) throw failures[0].reason;
  };

  const controller = queueController(ctx, 'daemonset', workers, sync);
  const enqueueAll = () => { for (const ds of daemonSets.cache.list()) controller.queue.add(keyOf(ds)); };
  daemonSets.addEventHandler({
    onAdd: (ds) => controller.queue.add(keyOf(ds)),
    onUpdate: (_old, ds) => controller.queue.add(keyOf(ds)),
    onDelete: (ds) => controller.queue.add(keyOf(ds)),
  });
  pods.addEventHandler(ownedPodHandlers({
    ownerKind: 'DaemonSet', expectations, enqueue: (key) => controller.queue.add(key),
    // An orphan may be adopted by any DaemonSet of its namespace.
    onOrphan: (pod) => {
      for (const ds of daemonSets.cache.list()) if (ds.metadata.namespace === pod.metadata.namespace) controller.queue.add(keyOf(ds));
    },
  }));
  nodes.addEventHandler({ onAdd: enqueueAll, onUpdate: enqueueAll, onDelete: enqueueAll });
  return { name: 'daemonset', run: controller.run };
}

