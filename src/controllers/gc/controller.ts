/**
 * Garbage collector shell: informers on every namespaced kind that can own or be owned
 * feed an OwnershipGraph; the queue holds object uids. A sync resolves the states of the
 * object's owners (graph first; for an owner not in the graph, a live GET by name whose uid
 * must match, so a lagging cache or a same-name replacement never causes a wrong delete),
 * asks decideGc() and applies the actions.
 */
import { RESOURCES, resourceByKind } from '../../api/resources.js';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isConflict, isNotFound, type ResourceType } from '../../client/index.js';
import { queueController, type Controller, type ControllerContext } from '../runtime/controller.js';
import { decideGc, isDeletingDependents, isOrphaning, pendingDependents, type GcAction, type OwnerState } from './decide.js';
import { OwnershipGraph } from './graph.js';

/** Events are never owners nor garbage worth a watch of their own. */
const IGNORED_KINDS = new Set(['Event']);

/**
 * Every watchable kind, cluster-scoped ones too: a Node owns its Lease, and an owner the graph
 * holds is seen going away (its dependents are queued then) instead of being looked up live.
 */
export const GC_RESOURCES: readonly ResourceType[] = RESOURCES.filter((r) => r.verbs.includes('watch') && !IGNORED_KINDS.has(r.kind));

/** What decides an object's fate: its owners, its deletion, its finalizers (not its data or status). */
function gcFieldsChanged(old: KubeObject, next: KubeObject): boolean {
  const fields = (o: KubeObject) => JSON.stringify([o.metadata.ownerReferences ?? [], o.metadata.deletionTimestamp ?? null, o.metadata.finalizers ?? []]);
  return fields(old) !== fields(next);
}

export function createGarbageCollector(ctx: ControllerContext, workers = 2, resources: readonly ResourceType[] = GC_RESOURCES): Controller {
  const graph = new OwnershipGraph();
  const log = ctx.logger.child({ controller: 'garbage-collector' });

  const stateOf = (owner: KubeObject): OwnerState => (isDeletingDependents(owner) ? 'waiting' : 'live');

  const resolveOwner = async (ref: OwnerReference, dependent: KubeObject): Promise<OwnerState> => {
    const known = graph.get(ref.uid);
    if (known) return stateOf(known.object);
    const type = resourceByKind(ref.apiVersion, ref.kind);
    if (!type) return 'live'; // a kind we cannot look up is never assumed gone
    try {
      const owner = await ctx.client.get(type, type.namespaced ? dependent.metadata.namespace : undefined, ref.name);
      return owner.metadata.uid === ref.uid ? stateOf(owner) : 'absent';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  };

  const sync = async (uid: string) => {
    const node = graph.get(uid);
    if (!node) return;
    const { object, type } = node;
    const refs = object.metadata.ownerReferences ?? [];
    const owners = await Promise.all(refs.map(async (ref) => ({ ref, state: await resolveOwner(ref, object) })));
    const dependents = graph.dependentsOf(uid);
    for (const action of decideGc({ object, owners, dependents })) await apply(type, object, action);
    // A foreground owner waits on its dependents: make sure each gets its own pass.
    for (const d of pendingDependents(object, dependents)) controller.queue.add(d.metadata.uid!);
  };

  const ignoreGone = (err: unknown) => {
    if (!isNotFound(err)) throw err;
  };

  const apply = async (type: ResourceType, object: KubeObject, action: GcAction) => {
    const { namespace, name, uid, resourceVersion } = object.metadata;
    switch (action.type) {
      case 'delete':
        log.info({ namespace, name, kind: object.kind, propagation: action.propagation }, 'deleting object whose owners are gone');
        try {
          await ctx.client.delete(type, namespace, name!, { propagationPolicy: action.propagation, preconditions: { uid } });
        } catch (err) {
          // Conflict here means the uid precondition failed: a new object took the name.
          if (!isNotFound(err) && !isConflict(err)) throw err;
        }
        return;
      case 'removeOwnerRefs': {
        const ownerReferences = (object.metadata.ownerReferences ?? []).filter((r) => !action.uids.includes(r.uid));
        await ctx.client.patch(type, namespace, name!, { type: 'merge', body: { metadata: { resourceVersion, ownerReferences } } }).catch(ignoreGone);
        return;
      }
      case 'orphan': {
        const d = action.dependent;
        const dependentType = graph.get(d.metadata.uid!)?.type;
        if (!dependentType) return;
        const ownerReferences = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        await ctx.client.patch(dependentType, d.metadata.namespace, d.metadata.name!, {
          type: 'merge', body: { metadata: { resourceVersion: d.metadata.resourceVersion, ownerReferences } },
        }).catch(ignoreGone);
        return;
      }
      case 'removeFinalizer': {
        const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== action.finalizer);
        await ctx.client.patch(type, namespace, name!, { type: 'merge', body: { metadata: { resourceVersion, finalizers } } }).catch(ignoreGone);
        return;
      }
    }
  };

  const controller = queueController(ctx, 'garbage-collector', workers, sync);
  const enqueue = (uid: string | undefined) => { if (uid) controller.queue.add(uid); };
  /** Owners waiting on their dependents (foreground or orphan) re-check when a dependent changes. */
  const enqueueWaitingOwners = (ownerUids: string[]) => {
    for (const owner of ownerUids) {
      const node = graph.get(owner);
      if (node && (isDeletingDependents(node.object) || isOrphaning(node.object))) enqueue(owner);
    }
  };
  const needsPass = (o: KubeObject) => (o.metadata.ownerReferences ?? []).length > 0 || isDeletingDependents(o) || isOrphaning(o);

  for (const type of resources) {
    ctx.informers.informerFor(type).addEventHandler({
      onAdd: (o) => {
        enqueueWaitingOwners(graph.upsert(type, o));
        if (needsPass(o)) enqueue(o.metadata.uid);
      },
      onUpdate: (old, o) => {
        enqueueWaitingOwners(graph.upsert(type, o));
        // Like upstream's graph builder: a status or data write (a Lease renewal, every second
        // per node) changes nothing the collector decides on, so it queues no pass.
        if (needsPass(o) && (gcFieldsChanged(old, o) || isDeletingDependents(o) || isOrphaning(o))) enqueue(o.metadata.uid);
      },
      onDelete: (o) => {
        // Its dependents may now be dangling; its owners may have stopped waiting.
        for (const d of graph.dependentsOf(o.metadata.uid ?? '')) enqueue(d.metadata.uid);
        enqueueWaitingOwners(graph.remove(o));
      },
    });
  }
  return { name: 'garbage-collector', run: controller.run };
}
