/**
 * Deployment controller shell: watches Deployments, their ReplicaSets and pods, and applies
 * reconcileDeployment()'s decision through the API.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isConflict, isNotFound, type Informer } from '../../client/index.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { controllerOf, controllerRefTo } from '../common/pods.js';
import { keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { reconcileDeployment, type DeploymentAction } from './reconcile.js';
import { REVISION_ANNOTATION } from './replicaset-view.js';

const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const PODS = resourceByKind('v1', 'Pod')!;

export function createDeploymentController(ctx: ControllerContext, workers = 2): Controller {
  const deployments: Informer = ctx.informers.informerFor(DEPLOYMENTS);
  const replicaSets: Informer = ctx.informers.informerFor(REPLICASETS);
  const pods: Informer = ctx.informers.informerFor(PODS);
  for (const informer of [replicaSets, pods]) {
    if (!informer.cache.hasIndexer('namespace')) informer.addIndexer('namespace', byNamespace);
  }

  const enqueueOwnerOfRs = (rs: KubeObject) => {
    const ref = controllerOf(rs);
    if (ref?.kind === 'Deployment') controller.queue.add(`${rs.metadata.namespace}/${ref.name}`);
    else if (!ref) {
      for (const d of deployments.cache.byIndex('namespace', rs.metadata.namespace ?? '')) {
        if (labelSelectorMatcher(d.spec?.selector)(rs.metadata.labels)) controller.queue.add(keyOf(d));
      }
    }
  };
  const enqueueForPod = (pod: KubeObject) => {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = replicaSets.cache.get(`${pod.metadata.namespace}/${ref.name}`);
    if (rs) enqueueOwnerOfRs(rs);
  };

  const sync = async (key: string) => {
    const { namespace } = splitKey(key);
    const d = deployments.cache.get(key);
    if (!d) return;
    const decision = reconcileDeployment({
      deployment: d,
      replicaSets: replicaSets.cache.byIndex('namespace', namespace),
      pods: pods.cache.byIndex('namespace', namespace),
      nowMs: ctx.clock.now(),
    });
    for (const action of decision.actions) await apply(d, action);
    for (const e of decision.events) ctx.events.record(d, { type: e.type, reason: e.reason, message: e.message });
    if (decision.revision) {
      await ctx.client.patch(DEPLOYMENTS, namespace, d.metadata.name!, {
        type: 'merge', body: { metadata: { annotations: { [REVISION_ANNOTATION]: decision.revision } } },
      });
    }
    if (decision.status) {
      await ctx.client.patch(DEPLOYMENTS, namespace, d.metadata.name!, { type: 'merge', body: { status: decision.status } }, { subresource: 'status' });
    }
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  };

  const apply = async (d: KubeObject, action: DeploymentAction) => {
    const ns = d.metadata.namespace!;
    switch (action.type) {
      case 'adoptReplicaSet':
        await ctx.client.patch(REPLICASETS, ns, action.rs.metadata.name!, {
          type: 'merge', body: { metadata: { resourceVersion: action.rs.metadata.resourceVersion, ownerReferences: [...(action.rs.metadata.ownerReferences ?? []), controllerRefTo(d)] } },
        });
        return;
      case 'createReplicaSet':
        try {
          await ctx.client.create(REPLICASETS, action.rs);
        } catch (err) {
          if (!isConflict(err) && !(err as { reason?: string }).reason?.includes('AlreadyExists')) throw err;
        }
        return;
      case 'scaleReplicaSet':
        await ctx.client.patch(REPLICASETS, ns, action.rs.metadata.name!, {
          type: 'merge',
          body: { metadata: { resourceVersion: action.rs.metadata.resourceVersion, annotations: action.annotations }, spec: { replicas: action.replicas } },
        });
        return;
      case 'annotateReplicaSet':
        await ctx.client.patch(REPLICASETS, ns, action.rs.metadata.name!, { type: 'merge', body: { metadata: { annotations: action.annotations } } });
        return;
      case 'deleteReplicaSet':
        try {
          await ctx.client.delete(REPLICASETS, ns, action.rs.metadata.name!, { preconditions: { uid: action.rs.metadata.uid } });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        return;
      case 'rollback': {
        const { rollback } = action;
        await ctx.client.patch(DEPLOYMENTS, ns, d.metadata.name!, {
          type: 'json',
          body: [
            { op: 'test', path: '/metadata/resourceVersion', value: d.metadata.resourceVersion },
            { op: 'replace', path: '/spec/template', value: rollback.template },
            { op: 'add', path: '/metadata/annotations', value: { ...(d.metadata.annotations ?? {}), ...rollback.annotations } },
          ],
        });
        return;
      }
    }
  };

  const controller = queueController(ctx, 'deployment', workers, sync);
  deployments.addEventHandler({
    onAdd: (d) => controller.queue.add(keyOf(d)),
    onUpdate: (_o, d) => controller.queue.add(keyOf(d)),
    onDelete: (d) => controller.queue.add(keyOf(d)),
  });
  replicaSets.addEventHandler({
    onAdd: enqueueOwnerOfRs,
    onUpdate: (o, rs) => { enqueueOwnerOfRs(rs); if (controllerOf(o)?.uid !== controllerOf(rs)?.uid) enqueueOwnerOfRs(o); },
    onDelete: enqueueOwnerOfRs,
  });
  pods.addEventHandler({ onAdd: enqueueForPod, onUpdate: (_o, p) => enqueueForPod(p), onDelete: enqueueForPod });
  return { name: 'deployment', run: controller.run };
}
