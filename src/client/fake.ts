/**
 * A recording in-memory ApiClient for controller tests: it behaves like a small
 * apiserver (resourceVersions, uids, generation, 404/409 errors with the real messages,
 * finalizers delaying deletion, label/field selectors, watches) and records every call
 * so a test can assert what a controller did: `fake.actions()`.
 *
 * Simplifications (documented, on purpose):
 * - strategic merge patches use the apiserver's implementation (src/api/patch);
 *   server-side apply is a merge patch that creates a missing object;
 * - updates of the main resource keep the stored status, and `status` updates change
 *   only status, as for every kind with a status subresource;
 * - no defaulting, validation, admission or garbage collection;
 * - pods/binding sets spec.nodeName, pods/eviction deletes the pod; `scale` reads and
 *   writes spec.replicas.
 */
import { parse as parseYaml } from 'yaml';
import { alreadyExists, ApiError, conflict, invalid, notFound } from '../api/errors.js';
import { resourceByKind } from '../api/resources.js';
import { apiVersionOf, type KubeList, type KubeObject } from '../api/types.js';
import { realClock, type Clock } from './clock.js';
import { ObjectTracker } from './fake-tracker.js';
import { applyJsonPatch, applyMergePatch, applyStrategicPatch, PatchError, type JsonPatchOperation } from './patch.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { ApiClient, DeleteOptions, PatchType, ResourceType, WriteOptions } from './types.js';
import { scaleOf, statusSuccess } from './fake-objects.js';

export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'stream';

export interface FakeAction {
  verb: FakeVerb;
  resource: string;
  group: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  body?: unknown;
  patchType?: PatchType;
  options?: unknown;
}

/** Sees each action first: return a value to answer it, throw to fail it, undefined to pass. */
export type Reactor = (action: FakeAction) => unknown;

export interface FakeClient extends ApiClient {
  actions(): FakeAction[];
  clearActions(): void;
  prependReactor(reactor: Reactor): void;
  /** The stored object, without recording an action. */
  peek<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string): T | undefined;
  /** Forget watch history: watches from an older resourceVersion get a 410 ERROR. */
  compact(): void;
  /** End all open watches, like a server-side watch timeout. */
  closeWatches(): void;
}

export interface FakeClientOptions {
  clock?: Clock;
  /** Types of initial objects that are not in RESOURCES (looked up by apiVersion/kind). */
  resources?: ResourceType[];
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

export function createFakeClient(initialObjects: KubeObject[] = [], options: FakeClientOptions = {}): FakeClient {
  const clock = options.clock ?? realClock;
  const tracker = new ObjectTracker();
  const recorded: FakeAction[] = [];
  const reactors: Reactor[] = [];
  let uidCounter = 0;
  let nameCounter = 0;

  const ref = (type: ResourceType) => ({ resource: type.resource, group: type.group });
  const nsOf = (type: ResourceType, ns: string | undefined) => (type.namespaced ? ns || 'default' : undefined);

  function typeOf(object: KubeObject): ResourceType {
    const found = options.resources?.find((r) => apiVersionOf(r.group, r.version) === object.apiVersion && r.kind === object.kind)
      ?? resourceByKind(object.apiVersion, object.kind);
    if (!found) throw new Error(`fake client: unknown kind ${object.apiVersion}/${object.kind}; pass it in options.resources`);
    return found;
  }

  function mustGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const existing = tracker.get(type, nsOf(type, namespace), name);
    if (!existing) throw notFound(ref(type), name);
    return existing;
  }

  /** `seeded` objects (initialObjects) keep the uid they were given, so owner references line up. */
  function doCreate(type: ResourceType, input: KubeObject, dryRun = false, seeded = false): KubeObject {
    const meta = input.metadata ?? {};
    const name = meta.name || (meta.generateName ? `${meta.generateName}${(++nameCounter).toString(36).padStart(5, '0')}` : '');
    if (!name) throw invalid(type.kind, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }]);
    const namespace = nsOf(type, meta.namespace);
    if (tracker.get(type, namespace, name)) throw alreadyExists(ref(type), name);
    const object: KubeObject = {
      ...clone(input),
      apiVersion: apiVersionOf(type.group, type.version), kind: type.kind,
      metadata: {
        ...clone(meta), name, ...(namespace ? { namespace } : {}),
        uid: seeded && meta.uid ? meta.uid : `fake-uid-${++uidCounter}`, creationTimestamp: new Date(clock.now()).toISOString(), generation: 1,
        resourceVersion: dryRun ? undefined : tracker.nextRv(),
      },
    };
    if (!dryRun) tracker.put(type, object);
    return object;
  }

  /** Stores `next` as the new state of `existing`, honouring finalizers. */
  function store(type: ResourceType, existing: KubeObject, next: KubeObject, dryRun = false): KubeObject {
    const kept = existing.metadata;
    next.metadata = {
      ...next.metadata, name: kept.name, namespace: kept.namespace, uid: kept.uid, creationTimestamp: kept.creationTimestamp,
      // Once set, deletionTimestamp cannot be taken back by a write.
      ...(kept.deletionTimestamp ? { deletionTimestamp: kept.deletionTimestamp } : {}),
    };
    if (JSON.stringify(next.spec) !== JSON.stringify(existing.spec)) next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    if (dryRun) return next;
    next.metadata.resourceVersion = tracker.nextRv();
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length)) tracker.remove(type, next);
    else tracker.put(type, next);
    return next;
  }

  function doUpdate(type: ResourceType, input: KubeObject, opts: WriteOptions, checkRv: boolean): KubeObject {
    const existing = mustGet(type, input.metadata.namespace, input.metadata.name!);
    const wanted = input.metadata.resourceVersion;
    if (checkRv && wanted && wanted !== existing.metadata.resourceVersion) throw conflict(ref(type), input.metadata.name!);
    if (opts.subresource === 'scale') {
      store(type, existing, { ...clone(existing), spec: { ...existing.spec, replicas: input.spec?.replicas } }, opts.dryRun);
      return scaleOf(mustGet(type, existing.metadata.namespace, existing.metadata.name!));
    }
    const next: KubeObject = opts.subresource === 'status'
      ? { ...clone(existing), status: clone(input.status) }
      : { ...clone(input), apiVersion: existing.apiVersion, kind: existing.kind, status: clone(existing.status) };
    return store(type, existing, next, opts.dryRun);
  }

  function patched(existing: KubeObject, patch: { type: PatchType; body: unknown }): KubeObject {
    try {
      if (patch.type === 'json') return applyJsonPatch(existing, patch.body as JsonPatchOperation[]) as KubeObject;
      const body = typeof patch.body === 'string' ? (patch.type === 'apply' ? parseYaml(patch.body) : JSON.parse(patch.body)) : patch.body;
      if (patch.type === 'strategic') return applyStrategicPatch(existing, body, existing.kind) as KubeObject;
      return applyMergePatch(existing, body) as KubeObject;
    } catch (err) {
      if (err instanceof PatchError || err instanceof SyntaxError) throw new ApiError({ code: 422, reason: 'Invalid', message: err.message });
      throw err;
    }
  }

  function doPatch(type: ResourceType, namespace: string | undefined, name: string, patch: { type: PatchType; body: unknown }, opts: WriteOptions): KubeObject {
    if (patch.type === 'apply' && !opts.fieldManager) throw new ApiError({ code: 400, reason: 'BadRequest', message: 'PATCH requests with apply content type must have a fieldManager' });
    const existing = tracker.get(type, nsOf(type, namespace), name);
    if (!existing && patch.type === 'apply') {
      const body = typeof patch.body === 'string' ? parseYaml(patch.body) : patch.body;
      return doCreate(type, { ...(body as KubeObject), metadata: { ...(body as KubeObject).metadata, name, namespace } }, opts.dryRun);
    }
    if (!existing) throw notFound(ref(type), name);
    const next = patched(existing, patch);
    const wanted = next.metadata?.resourceVersion;
    if (wanted && wanted !== existing.metadata.resourceVersion) throw conflict(ref(type), name);
    next.metadata = { ...next.metadata, resourceVersion: existing.metadata.resourceVersion };
    return doUpdate(type, next, opts, false);
  }

  function doDelete(type: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions): KubeObject {
    const existing = mustGet(type, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid) throw conflict(ref(type), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(ref(type), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return clone(existing);
    const next = clone(existing);
    next.metadata.deletionTimestamp ??= new Date(clock.now()).toISOString();
    return store(type, existing, next);
  }

  function createSub(type: ResourceType, object: KubeObject, opts: WriteOptions): unknown {
    const pod = mustGet(type, object.metadata.namespace, object.metadata.name!);
    if (opts.subresource === 'binding') {
      if (pod.spec?.nodeName) {
        throw conflict({ resource: 'pods/binding' }, pod.metadata.name!, `pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`);
      }
      store(type, pod, { ...clone(pod), spec: { ...pod.spec, nodeName: (object as { target?: { name?: string } }).target?.name } }, opts.dryRun);
      return statusSuccess(201);
    }
    if (opts.subresource === 'eviction') {
      doDelete(type, pod.metadata.namespace, pod.metadata.name!, { dryRun: opts.dryRun });
      return statusSuccess(201);
    }
    throw new ApiError({ code: 405, reason: 'MethodNotAllowed', message: `fake client: create of subresource "${opts.subresource}" is not supported` });
  }

  /** Records the call, lets reactors answer it, else runs `act`; results are copies. */
  async function call<R>(action: FakeAction, act: () => R): Promise<R> {
    recorded.push(clone(action));
    for (const reactor of reactors) {
      const answer = reactor(clone(action));
      if (answer !== undefined) return answer as R;
    }
    return clone(act());
  }

  const base = (verb: FakeVerb, type: ResourceType, extra: Partial<FakeAction> = {}): FakeAction =>
    ({ verb, resource: type.resource, group: type.group, ...extra });

  const client: FakeClient = {
    get: (type, namespace, name, subresource) => call(base('get', type, { namespace, name, subresource }), () => {
      const object = mustGet(type, namespace, name);
      return (subresource === 'scale' ? scaleOf(object) : object) as any;
    }),

    list: (type, { signal: _signal, ...o } = {}) => call(base('list', type, { namespace: o.namespace, options: o }), () => {
      const labelOk = parseLabelSelector(o.labelSelector);
      const fieldOk = parseFieldSelector(o.fieldSelector);
      const all = tracker.list(type, o.namespace).filter((x) => labelOk(x) && fieldOk(x));
      const offset = o.continue ? Number(Buffer.from(o.continue, 'base64url').toString()) : 0;
      const end = o.limit ? offset + o.limit : all.length;
      const more = end < all.length;
      return {
        apiVersion: apiVersionOf(type.group, type.version), kind: `${type.kind}List`,
        metadata: { resourceVersion: String(tracker.currentRv()), ...(more ? { continue: Buffer.from(String(end)).toString('base64url') } : {}) },
        items: all.slice(offset, end),
      } as KubeList<any>;
    }),

    create: (type, object, o = {}) => call(base('create', type, { namespace: nsOf(type, object.metadata?.namespace), name: object.metadata?.name, subresource: o.subresource, body: object, options: o }),
      () => (o.subresource ? createSub(type, object, o) : doCreate(type, object, o.dryRun)) as any),

    update: (type, object, o = {}) => call(base('update', type, { namespace: nsOf(type, object.metadata.namespace), name: object.metadata.name, subresource: o.subresource, body: object, options: o }),
      () => doUpdate(type, { ...object, metadata: { ...object.metadata, namespace: nsOf(type, object.metadata.namespace) } }, o, true) as any),

    patch: (type, namespace, name, patch, o = {}) => call(base('patch', type, { namespace, name, subresource: o.subresource, body: patch.body, patchType: patch.type, options: o }),
      () => doPatch(type, namespace, name, patch, o) as any),

    delete: (type, namespace, name, o = {}) => call(base('delete', type, { namespace, name, options: o }), () => doDelete(type, namespace, name, o)),

    watch: (type, o = {}) => {
      const { signal: _signal, ...recordable } = o;
      return call(base('watch', type, { namespace: o.namespace, options: recordable }), () => undefined as unknown)
        .then((answer) => (answer as any) ?? tracker.watch(type, o));
    },

    stream: async (path) => {
      recorded.push({ verb: 'stream', resource: '', group: '', body: path });
      const { Readable } = await import('node:stream');
      return Readable.from([]);
    },

    actions: () => clone(recorded),
    clearActions: () => void (recorded.length = 0),
    prependReactor: (reactor) => void reactors.unshift(reactor),
    peek: (type, namespace, name) => clone(tracker.get(type, nsOf(type, namespace), name)) as any,
    compact: () => tracker.compact(),
    closeWatches: () => tracker.closeWatches(),
  };
  for (const object of initialObjects) doCreate(typeOf(object), object, false, true);
  return client;
}
