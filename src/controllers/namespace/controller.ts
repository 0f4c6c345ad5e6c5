/**
 * Namespace controller shell: for a Namespace being deleted, lists every namespaced kind
 * in it (live, not from caches, so nothing created a moment ago is missed), applies
 * decideNamespace() and finalizes through the `finalize` subresource when empty.
 */
import { RESOURCES, resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { isConflict, isNotFound, type ResourceType } from '../../client/index.js';
import { queueController, type Controller, type ControllerContext } from '../runtime/controller.js';
import { decideNamespace, remainingMessage, type NamespaceContents } from './decide.js';

const NAMESPACES = resourceByKind('v1', 'Namespace')!;

export const NAMESPACED_CONTENT: readonly ResourceType[] = RESOURCES.filter((r) => r.namespaced && r.verbs.includes('list') && r.verbs.includes('delete'));

export function createNamespaceController(ctx: ControllerContext, workers = 1, content: readonly ResourceType[] = NAMESPACED_CONTENT): Controller {
  const namespaces = ctx.informers.informerFor(NAMESPACES);
  const log = ctx.logger.child({ controller: 'namespace' });

  const listContents = async (namespace: string): Promise<NamespaceContents[]> => Promise.all(content.map(async (type) => {
    try {
      return { type, items: (await ctx.client.list(type, { namespace })).items };
    } catch (err) {
      // A kind this server does not serve holds nothing.
      if (isNotFound(err)) return { type, items: [] as KubeObject[] };
      throw err;
    }
  }));

  const sync = async (name: string) => {
    const ns = namespaces.cache.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    const decision = decideNamespace(ns, await listContents(name));
    if (decision.idle) return;
    if (decision.setTerminating) {
      await ctx.client.patch(NAMESPACES, undefined, name, { type: 'merge', body: { status: { phase: 'Terminating' } } }, { subresource: 'status' });
    }
    for (const { type, object } of decision.deletes) {
      try {
        await ctx.client.delete(type, name, object.metadata.name!, { preconditions: { uid: object.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }
    if (decision.finalizeTo) {
      log.info({ namespace: name }, 'namespace empty; finalizing');
      try {
        await ctx.client.update(NAMESPACES, { ...ns, spec: { ...ns.spec, finalizers: decision.finalizeTo } }, { subresource: 'finalize' });
      } catch (err) {
        if (!isNotFound(err)) throw err; // finalized by an earlier pass the cache had not seen
      }
      return;
    }
    log.debug({ namespace: name, remaining: remainingMessage(decision.remaining) }, 'waiting for namespace content to go');
    return { requeueAfterMs: decision.requeueAfterMs };
  };

  const controller = queueController(ctx, 'namespace', workers, sync);
  namespaces.addEventHandler({
    onAdd: (ns) => controller.queue.add(ns.metadata.name!),
    onUpdate: (_old, ns) => controller.queue.add(ns.metadata.name!),
  });
  return { name: 'namespace', run: controller.run };
}
