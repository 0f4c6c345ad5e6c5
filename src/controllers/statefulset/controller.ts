/**
 * StatefulSet controller shell: watches StatefulSets, Pods and PersistentVolumeClaims, and
 * for each StatefulSet key applies reconcileStatefulSet()'s decision through the API.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isAlreadyExists, isConflict, isNotFound, type Informer } from '../../client/index.js';
import { Expectations } from '../runtime/expectations.js';
import { ownedPodHandlers } from '../runtime/owned-pods.js';
import { keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { reconcileStatefulSet, statusChanged, type StatefulSetDecision } from './reconcile.js';

const STATEFULSETS = resourceByKind('apps/v1', 'StatefulSet')!;
const PODS = resourceByKind('v1', 'Pod')!;
const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;

export function createStatefulSetController(ctx: ControllerContext, workers = 2): Controller {
  const sets: Informer = ctx.informers.informerFor(STATEFULSETS);
  const pods: Informer = ctx.informers.informerFor(PODS);
  const claims: Informer = ctx.informers.informerFor(CLAIMS);
  if (!pods.cache.hasIndexer('namespace')) pods.addIndexer('namespace', byNamespace);
  if (!claims.cache.hasIndexer('namespace')) claims.addIndexer('namespace', byNamespace);
  const expectations = new Expectations(ctx.clock);

  const sync = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const sts = sets.cache.get(key);
    if (!sts) {
      expectations.forget(key);
      return;
    }
    const decision = reconcileStatefulSet({
      statefulSet: sts, pods: pods.cache.byIndex('namespace', namespace), claims: claims.cache.byIndex('namespace', namespace),
      nowMs: ctx.clock.now(), expectationsSatisfied: expectations.satisfied(key),
    });
    await apply(sts, decision, key);
    if (statusChanged(sts, decision.status)) {
      try {
        await ctx.client.patch(STATEFULSETS, namespace, name, { type: 'merge', body: { status: decision.status } }, { subresource: 'status' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return undefined;
  };

  const apply = async (sts: KubeObject, decision: StatefulSetDecision, key: string) => {
    const namespace = sts.metadata.namespace!;
    const setName = sts.metadata.name!;
    for (const claim of decision.createClaims) {
      try {
        await ctx.client.create(CLAIMS, claim);
        ctx.events.record(sts, { type: 'Normal', reason: 'SuccessfulCreate', message: `create Claim ${claim.metadata.name} in StatefulSet ${setName} success` });
      } catch (err) {
        if (!isAlreadyExists(err)) {
          ctx.events.record(sts, { type: 'Warning', reason: 'FailedCreate', message: `create Claim ${claim.metadata.name} in StatefulSet ${setName} failed: ${messageOf(err)}` });
          throw err;
        }
      }
    }
    if (decision.createPods.length === 0 && decision.remove.length === 0) return;
    expectations.expect(key, decision.createPods.length, decision.remove.length);
    const created = await Promise.allSettled(decision.createPods.map(async (pod) => {
      try {
        await ctx.client.create(PODS, pod);
        ctx.events.record(sts, { type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${setName} successful` });
      } catch (err) {
        expectations.lowerAdds(key, 1);
        // The name still exists (a stale cache): the old pod fences its replacement; retry later.
        if (isAlreadyExists(err)) return;
        ctx.events.record(sts, { type: 'Warning', reason: 'FailedCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${setName} failed: ${messageOf(err)}` });
        throw err;
      }
    }));
    await Promise.all(decision.remove.map(async ({ pod, reason }) => {
      try {
        await ctx.client.delete(PODS, namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
        const why = reason === 'Failed' ? ' (failed)' : reason === 'Update' ? ' (update)' : '';
        ctx.events.record(sts, { type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${setName} successful${why}` });
      } catch (err) {
        expectations.observedDelete(key);
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }));
    const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  const controller = queueController(ctx, 'statefulset', workers, sync);
  sets.addEventHandler({
    onAdd: (sts) => controller.queue.add(keyOf(sts)),
    onUpdate: (_old, sts) => controller.queue.add(keyOf(sts)),
    onDelete: (sts) => controller.queue.add(keyOf(sts)),
  });
  pods.addEventHandler(ownedPodHandlers({ ownerKind: 'StatefulSet', expectations, enqueue: (key) => controller.queue.add(key) }));
  return { name: 'statefulset', run: controller.run };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
