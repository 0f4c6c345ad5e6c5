/**
 * POST: a new object. The server sets uid, creationTimestamp and generation, takes the
 * namespace from the URL, resolves generateName, and refuses objects in a namespace that
 * does not exist (404) or is terminating (403).
 */
import { ApiError, alreadyExists, forbidden, invalid, notFound } from '../../api/errors.js';
import { resourceByPath, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { decodeKv, withRevision } from './codec.js';
import { nowOf, refOf, timestamp, type RegistryDeps, type Target, type WriteOptions, type WriteOutcome } from './context.js';
import { collectionPrefix, objectKey } from './keys.js';
import { withKeyLock } from './key-lock.js';
import { allocate, DEFAULT_SERVICE_NETWORK, inUseBy } from './service-allocation.js';
import { applyNamespace, generatedName, newUid, requireObjectOf, runAdmission } from './meta.js';

const NAMESPACES = resourceByPath('', 'v1', 'namespaces')!;
const GENERATE_NAME_ATTEMPTS = 5;

async function requireLiveNamespace(deps: RegistryDeps, namespace: string): Promise<void> {
  const kv = await deps.store.get(objectKey(NAMESPACES, undefined, namespace));
  if (!kv) throw notFound({ resource: 'namespaces' }, namespace);
  const ns = decodeKv(kv);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

/** Server-managed metadata of a new object; anything the client sent there is replaced. */
function stampNew(object: KubeObject, uid: string, created: string): KubeObject {
  const metadata = { ...object.metadata, uid, creationTimestamp: created, generation: 1 };
  delete metadata.resourceVersion;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  return { ...object, metadata };
}

const SERVICES = resourceByPath('', 'v1', 'services')!;
const SERVICE_ALLOCATION_LOCK = '/tugboat/allocations/services';

const isService = (resource: ResourceInfo) => resource.group === '' && resource.resource === 'services';

async function allocateFor(deps: RegistryDeps, service: KubeObject): Promise<KubeObject> {
  const listed = await deps.store.list(collectionPrefix(SERVICES, undefined));
  const existing = listed.ok ? listed.items.map(decodeKv) : [];
  return allocate(service, inUseBy(existing), deps.serviceNetwork ?? DEFAULT_SERVICE_NETWORK);
}

/** Stores a new object (or, for a dry run, only shows it); `ok: false` when the name is taken. */
async function persist(deps: RegistryDeps, resource: ResourceInfo, object: KubeObject, options: WriteOptions): Promise<{ ok: true; object: KubeObject } | { ok: false }> {
  if (options.dryRun) return { ok: true, object };
  const res = await deps.store.create(objectKey(resource, object.metadata.namespace, object.metadata.name!), JSON.stringify(object));
  return res.ok ? { ok: true, object: withRevision(object, res.kv.modRevision) } : { ok: false };
}

export async function createObject(deps: RegistryDeps, target: Target, body: unknown, options: WriteOptions): Promise<WriteOutcome<KubeObject>> {
  const { resource } = target;
  const incoming = requireObjectOf(resource, body);
  applyNamespace(resource, incoming, target.namespace);
  const fixedName = incoming.metadata.name;
  if (!fixedName && !incoming.metadata.generateName) {
    throw invalid(resource.kind, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }], resource.group || undefined);
  }
  if (resource.namespaced) await requireLiveNamespace(deps, incoming.metadata.namespace!);

  for (let attempt = 0; attempt < GENERATE_NAME_ATTEMPTS; attempt++) {
    const named: KubeObject = { ...incoming, metadata: { ...incoming.metadata, name: fixedName ?? generatedName(incoming.metadata.generateName!) } };
    // uid and creationTimestamp exist before admission, as upstream's BeforeCreate: defaulting
    // derives from them (a Job's selector is its controller-uid). Re-asserted afterwards.
    const uid = newUid();
    const created = timestamp(nowOf(deps));
    const admitted = runAdmission({ verb: 'create', resource, object: stampNew(named, uid, created), fieldValidation: options.fieldValidation });
    const object = stampNew(admitted.object, uid, created);
    const name = object.metadata.name!;
    const res = isService(resource)
      // Allocation reads every Service, so Service creates run one at a time.
      ? await withKeyLock(deps.store, SERVICE_ALLOCATION_LOCK, async () => persist(deps, resource, await allocateFor(deps, object), options))
      : await persist(deps, resource, object, options);
    if (res.ok) return { code: 201, body: res.object, warnings: admitted.warnings };
    if (fixedName) throw alreadyExists(refOf(target), name);
  }
  throw new ApiError({
    code: 500, reason: 'InternalError',
    message: `Internal error occurred: could not generate a unique name from "${incoming.metadata.generateName}"`,
  });
}
