/**
 * Endpoints controller shell: watches Services, Pods, Endpoints and EndpointSlices, and for
 * each Service key applies reconcileEndpoints()'s decision through the API. Updates are
 * unconditional (no resourceVersion): this controller is the only writer of these objects
 * and computes them from the pods, so a stale cache must not turn into conflict loops; an
 * update event of its own write re-checks the result.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isAlreadyExists, isNotFound, type Informer } from '../../client/index.js';
import { keyOf, queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './desired.js';
import { isManagedService, reconcileEndpoints, type EndpointsDecision } from './reconcile.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const PODS = resourceByKind('v1', 'Pod')!;
const ENDPOINTS = resourceByKind('v1', 'Endpoints')!;
const SLICES = resourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;

/** Slices this controller manages, by `namespace/service`. */
const BY_SERVICE = 'endpoints-controller/service';
function sliceServiceKey(slice: KubeObject): string[] {
  const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  if (!service || slice.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) return [];
  return [`${slice.metadata.namespace ?? 'default'}/${service}`];
}

function stripVersion(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

export function createEndpointsController(ctx: ControllerContext, workers = 2): Controller {
  const services: Informer = ctx.informers.informerFor(SERVICES);
  const pods: Informer = ctx.informers.informerFor(PODS);
  const endpoints: Informer = ctx.informers.informerFor(ENDPOINTS);
  const slices: Informer = ctx.informers.informerFor(SLICES);
  if (!services.cache.hasIndexer('namespace')) services.addIndexer('namespace', byNamespace);
  if (!pods.cache.hasIndexer('namespace')) pods.addIndexer('namespace', byNamespace);
  if (!slices.cache.hasIndexer(BY_SERVICE)) slices.addIndexer(BY_SERVICE, sliceServiceKey);
  const log = ctx.logger.child({ controller: 'endpoints' });
  /** The warning last reported per Service, so a persisting problem is not re-reported on every pod change. */
  const lastWarning = new Map<string, string>();

  const sync = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const service = services.cache.get(key);
    const decision = reconcileEndpoints({
      namespace, name, service,
      pods: pods.cache.byIndex('namespace', namespace),
      endpoints: endpoints.cache.get(key),
      slices: slices.cache.byIndex(BY_SERVICE, key),
    });
    if (!service) lastWarning.delete(key);
    if (decision.unmanaged) return;
    if (service) report(service, key, decision);
    await apply(namespace, decision);
  };

  const report = (service: KubeObject, key: string, decision: EndpointsDecision) => {
    const text = decision.warnings.map((w) => w.message).join('\n');
    if (text === (lastWarning.get(key) ?? '')) return;
    if (text) lastWarning.set(key, text);
    else lastWarning.delete(key);
    for (const w of decision.warnings) ctx.events.record(service, { type: 'Warning', reason: w.reason, message: w.message });
  };

  const apply = async (namespace: string, decision: EndpointsDecision) => {
    if (decision.endpoints) await write(ENDPOINTS, decision.endpoints.verb, decision.endpoints.object);
    for (const slice of decision.createSlices) await write(SLICES, 'create', slice);
    for (const slice of decision.updateSlices) await write(SLICES, 'update', slice);
    for (const slice of decision.deleteSlices) await write(SLICES, 'delete', slice);
    log.debug({ namespace, endpoints: decision.endpoints?.verb, slices: [decision.createSlices.length, decision.updateSlices.length, decision.deleteSlices.length] }, 'applied');
  };

  const write = async (type: typeof ENDPOINTS, verb: 'create' | 'update' | 'delete', object: KubeObject) => {
    const namespace = object.metadata.namespace;
    try {
      if (verb === 'delete') await ctx.client.delete(type, namespace, object.metadata.name!, { preconditions: { uid: object.metadata.uid } });
      else if (verb === 'update') await ctx.client.update(type, stripVersion(object));
      else await ctx.client.create(type, object);
    } catch (err) {
      // The cache was behind: the object appeared or went meanwhile; write what we mean.
      if (verb === 'create' && isAlreadyExists(err)) await ctx.client.update(type, stripVersion(object));
      else if (verb === 'update' && isNotFound(err)) await ctx.client.create(type, stripVersion(object));
      else if (!(verb === 'delete' && isNotFound(err))) throw err;
    }
  };

  const controller = queueController(ctx, 'endpoints', workers, sync);
  const enqueue = (key: string) => controller.queue.add(key);

  /** Services of the pod's namespace whose selector matches its labels. */
  const enqueueServicesOf = (pod: KubeObject) => {
    const labels = pod.metadata.labels ?? {};
    for (const svc of services.cache.byIndex('namespace', pod.metadata.namespace ?? 'default')) {
      if (!isManagedService(svc)) continue;
      if (Object.entries(svc.spec.selector as Record<string, string>).every(([k, v]) => labels[k] === v)) enqueue(keyOf(svc));
    }
  };

  services.addEventHandler({
    onAdd: (svc) => enqueue(keyOf(svc)),
    onUpdate: (_old, svc) => enqueue(keyOf(svc)),
    onDelete: (svc) => enqueue(keyOf(svc)),
  });
  pods.addEventHandler({
    onAdd: enqueueServicesOf,
    onUpdate: (old, pod) => {
      enqueueServicesOf(pod);
      if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {})) enqueueServicesOf(old);
    },
    onDelete: enqueueServicesOf,
  });
  // Endpoints share the Service's key: edits and deletions are repaired, leftovers of deleted Services removed.
  endpoints.addEventHandler({
    onAdd: (ep) => enqueue(keyOf(ep)),
    onUpdate: (_old, ep) => enqueue(keyOf(ep)),
    onDelete: (ep) => enqueue(keyOf(ep)),
  });
  const enqueueSliceOwner = (slice: KubeObject) => { for (const key of sliceServiceKey(slice)) enqueue(key); };
  slices.addEventHandler({ onAdd: enqueueSliceOwner, onUpdate: (_old, slice) => enqueueSliceOwner(slice), onDelete: enqueueSliceOwner });
  return { name: 'endpoints', run: controller.run };
}
