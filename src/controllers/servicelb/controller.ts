/** ServiceLB shell: Services and Nodes in, `status.loadBalancer` patches out (see reconcile.ts). */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Informer } from '../../client/index.js';
import { keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { reconcileLoadBalancer } from './reconcile.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const NODES = resourceByKind('v1', 'Node')!;

export function createServiceLbController(ctx: ControllerContext): Controller {
  const services: Informer = ctx.informers.informerFor(SERVICES);
  const nodes: Informer = ctx.informers.informerFor(NODES);
  const log = ctx.logger.child({ controller: 'servicelb' });

  const sync = async (key: string) => {
    const service = services.cache.get(key);
    if (!service) return;
    const status = reconcileLoadBalancer(service, nodes.cache.list());
    if (!status) return;
    const { namespace, name } = splitKey(key);
    try {
      // Merge patch: `loadBalancer: {}` with ingress absent must clear it, so send null explicitly.
      const body = { status: { loadBalancer: { ingress: status.loadBalancer.ingress ?? null } } };
      await ctx.client.patch(SERVICES, namespace, name, { type: 'merge', body }, { subresource: 'status' });
      log.debug({ service: key, ingress: status.loadBalancer.ingress ?? [] }, 'load balancer status set');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  const controller = queueController(ctx, 'servicelb', 1, sync);
  const enqueue = (svc: KubeObject) => controller.queue.add(keyOf(svc));
  const enqueueLoadBalancers = () => {
    for (const svc of services.cache.list()) if (svc.spec?.type === 'LoadBalancer') enqueue(svc);
  };
  services.addEventHandler({ onAdd: enqueue, onUpdate: (_old, svc) => enqueue(svc) });
  nodes.addEventHandler({
    onAdd: enqueueLoadBalancers,
    onDelete: enqueueLoadBalancers,
    // Heartbeats update nodes every second; only readiness or address changes matter.
    onUpdate: (old, node) => {
      if (JSON.stringify([old.status?.conditions?.find?.((c: { type: string }) => c.type === 'Ready')?.status, old.status?.addresses])
        !== JSON.stringify([node.status?.conditions?.find?.((c: { type: string }) => c.type === 'Ready')?.status, node.status?.addresses])) enqueueLoadBalancers();
    },
  });
  return { name: 'servicelb', run: controller.run };
}
