/**
 * ReplicaSet controller shell: watches ReplicaSets and Pods, and for each ReplicaSet key
 * applies reconcileReplicaSet()'s decision through the API.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isNotFound, type Informer } from '../../client/index.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { Expectations } from '../runtime/expectations.js';
import { ownedPodHandlers } from '../runtime/owned-pods.js';
import { keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { reconcileReplicaSet, statusChanged, type ReplicaSetDecision } from './reconcile.js';
import { podFromTemplate } from './pod-template.js';

const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const PODS = resourceByKind('v1', 'Pod')!;

export function createReplicaSetController(ctx: ControllerContext, workers = 2): Controller {
  const rsInformer: Informer = ctx.informers.informerFor(REPLICASETS);
  const podInformer: Informer = ctx.informers.informerFor(PODS);
  if (!podInformer.cache.hasIndexer('namespace')) podInformer.addIndexer('namespace', byNamespace);
  const expectations = new Expectations(ctx.clock);
  const log = ctx.logger.child({ controller: 'replicaset' });

  const sync = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const rs = rsInformer.cache.get(key);
    if (!rs) {
      expectations.forget(key);
      return;
    }
    const pods = podInformer.cache.byIndex('namespace', namespace);
    const decision = reconcileReplicaSet({ replicaSet: rs, pods, nowMs: ctx.clock.now(), expectationsSatisfied: expectations.satisfied(key) });
    await apply(rs, decision, key);
    if (statusChanged(rs, decision.status)) {
      try {
        await ctx.client.patch(REPLICASETS, namespace, name, { type: 'merge', body: { status: decision.status } }, { subresource: 'status' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  };

  const apply = async (rs: KubeObject, decision: ReplicaSetDecision, key: string) => {
    const namespace = rs.metadata.namespace!;
    for (const pod of decision.adopt) {
      const refs = [...(pod.metadata.ownerReferences ?? []), controllerRefOf(rs)];
      await ctx.client.patch(PODS, namespace, pod.metadata.name!, { type: 'merge', body: { metadata: { ownerReferences: refs, resourceVersion: pod.metadata.resourceVersion } } });
    }
    for (const pod of decision.release) {
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
      await ctx.client.patch(PODS, namespace, pod.metadata.name!, { type: 'merge', body: { metadata: { ownerReferences: refs, resourceVersion: pod.metadata.resourceVersion } } });
    }
    if (decision.createCount > 0 || decision.remove.length > 0) {
      expectations.expect(key, decision.createCount, decision.remove.length);
    }
    await createInBatches(rs, decision.createCount, key);
    await Promise.all(decision.remove.map(async (pod) => {
      try {
        await ctx.client.delete(PODS, namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
      } catch (err) {
        expectations.observedDelete(key);
        if (!isNotFound(err)) throw err;
      }
    }));
  };

  /** Slow start (1, 2, 4, …) like Kubernetes, so a failing template costs one request, not hundreds. */
  const createInBatches = async (rs: KubeObject, count: number, key: string) => {
    let remaining = count;
    for (let batch = 1; remaining > 0; batch *= 2) {
      const size = Math.min(batch, remaining);
      const results = await Promise.allSettled(Array.from({ length: size }, () =>
        ctx.client.create(PODS, podFromTemplate(rs, rs.spec.template))));
      remaining -= size;
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      if (failed.length > 0) {
        expectations.lowerAdds(key, failed.length + remaining);
        const message = failed[0].reason instanceof Error ? failed[0].reason.message : String(failed[0].reason);
        ctx.events.record(rs, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${message}` });
        throw failed[0].reason;
      }
      ctx.events.record(rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created ${size} pod(s)` });
    }
  };

  const controller = queueController(ctx, 'replicaset', workers, sync);
  rsInformer.addEventHandler({
    onAdd: (rs) => controller.queue.add(keyOf(rs)),
    onUpdate: (_old, rs) => controller.queue.add(keyOf(rs)),
    onDelete: (rs) => controller.queue.add(keyOf(rs)),
  });
  podInformer.addEventHandler(ownedPodHandlers({
    ownerKind: 'ReplicaSet', expectations, enqueue: (key) => controller.queue.add(key),
    // An orphan: any ReplicaSet of its namespace that selects it may adopt it.
    onOrphan: (pod) => {
      for (const rs of rsInformer.cache.list()) {
        if (rs.metadata.namespace === pod.metadata.namespace && labelSelectorMatcher(rs.spec?.selector)(pod.metadata.labels)) {
          controller.queue.add(keyOf(rs));
        }
      }
    },
  }));
  log.debug('replicaset controller ready');
  return { name: 'replicaset', run: controller.run };
}

function controllerRefOf(rs: KubeObject) {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
}
