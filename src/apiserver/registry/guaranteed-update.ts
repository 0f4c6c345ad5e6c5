/**
 * Read-modify-write with compare-and-swap, retried on a lost race (as upstream's
 * GuaranteedUpdate). `mutate` sees the current object and returns the desired one; it
 * throws Conflict itself when the caller's resourceVersion precondition is stale, so a
 * retry after a race can never silently overwrite. After admission the server re-asserts
 * its metadata, bumps generation, skips no-op writes and completes deletions whose
 * finalizers are gone.
 */
import { conflict, notFound } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import type { KeyValue } from '../../store/store.js';
import { decodeKv, decodeValue, encodeObject, sameContent, withRevision } from './codec.js';
import { refOf, type RegistryDeps, type Target, type WriteOptions, type WriteOutcome } from './context.js';
import { withKeyLock } from './key-lock.js';
import { objectKey } from './keys.js';
import { nextGeneration, readyToDelete, runAdmission } from './meta.js';
import { allocateServiceUpdate, isServiceSpecWrite, SERVICE_ALLOCATION_LOCK_KEY } from './service-allocation.js';

// Each lost race means someone else's write succeeded, so the loop always makes progress;
// upstream retries without bound. Writes through this process are queued per key
// (key-lock.ts), so races come only from other writers; the bound is a safety net.
const MAX_ATTEMPTS = 1000;

export interface UpdateSpec {
  mutate(current: KubeObject): KubeObject | Promise<KubeObject>;
  /** Called when the object does not exist (server-side apply creates); default 404. */
  onMissing?: () => Promise<WriteOutcome<KubeObject>>;
  /**
   * False for server-internal writes that upstream also makes without the update
   * strategy's validation (pods/binding sets spec.nodeName, which pod updates may not).
   */
  admission?: boolean;
}

/** Fields only the server may change through the main resource or any subresource. */
function keepServerMetadata(current: KubeObject, next: KubeObject): KubeObject {
  const m = current.metadata;
  const metadata = { ...next.metadata, name: m.name, uid: m.uid, creationTimestamp: m.creationTimestamp, generation: m.generation };
  if (m.namespace !== undefined) metadata.namespace = m.namespace;
  else delete metadata.namespace;
  if (m.deletionTimestamp) {
    metadata.deletionTimestamp = m.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
  } else {
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
  }
  return { ...next, metadata };
}

/**
 * Before admission, as upstream's BeforeUpdate: namespace, uid (when absent),
 * creationTimestamp and generation come from the stored object; a uid that differs is
 * left for validation to reject as immutable.
 */
function fillServerMetadata(current: KubeObject, desired: KubeObject): KubeObject {
  const uid = desired.metadata.uid || current.metadata.uid;
  const filled = keepServerMetadata(current, desired);
  filled.metadata.uid = uid;
  return filled;
}

export async function guaranteedUpdate(
  deps: RegistryDeps, target: Target, spec: UpdateSpec, options: WriteOptions,
): Promise<WriteOutcome<KubeObject>> {
  const key = objectKey(target.resource, target.namespace, target.name ?? '');
  const locked = () => withKeyLock(deps.store, key, () => updateLoop(deps, target, key, spec, options));
  // A Service update may allocate node ports or a ClusterIP: serialised with creates (lock order: allocation, then key).
  return isServiceSpecWrite(target.resource, target.subresource) ? withKeyLock(deps.store, SERVICE_ALLOCATION_LOCK_KEY, locked) : locked();
}

async function updateLoop(
  deps: RegistryDeps, target: Target, key: string, spec: UpdateSpec, options: WriteOptions,
): Promise<WriteOutcome<KubeObject>> {
  const { resource } = target;
  // A lost CAS hands back the winner's value: retry from it without another read.
  let known: KeyValue | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const kv = known ?? await deps.store.get(key);
    known = undefined;
    if (!kv) {
      if (spec.onMissing) return spec.onMissing();
      throw notFound(refOf(target), target.name ?? '');
    }
    const current = decodeKv(kv);
    const desired = fillServerMetadata(current, await spec.mutate(decodeKv(kv)));
    const admitted = spec.admission === false ? { object: desired, warnings: [] } : runAdmission({
      verb: 'update', resource, object: desired, old: current,
      subresource: target.subresource, fieldValidation: options.fieldValidation,
    });
    let next = keepServerMetadata(current, admitted.object);
    if (isServiceSpecWrite(resource, target.subresource)) next = await allocateServiceUpdate(deps, current, next);
    if (target.subresource !== 'status') next.metadata.generation = nextGeneration(resource.kind, current, next);
    if (sameContent(next, current)) return { code: 200, body: current, warnings: admitted.warnings };

    const encoded = encodeObject(next);
    if (readyToDelete(next)) {
      if (options.dryRun) return { code: 200, body: next, warnings: admitted.warnings };
      const del = await deps.store.delete(key, kv.modRevision);
      if (del.ok) return { code: 200, body: decodeValue(encoded, del.revision), warnings: admitted.warnings };
      if (del.reason === 'not-found') throw notFound(refOf(target), target.name ?? '');
      known = del.current;
      continue;
    }
    if (options.dryRun) return { code: 200, body: { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } }, warnings: admitted.warnings };
    const res = await deps.store.update(key, encoded, kv.modRevision);
    if (res.ok) return { code: 200, body: withRevision(next, res.kv.modRevision), warnings: admitted.warnings };
    if (res.reason === 'not-found') throw notFound(refOf(target), target.name ?? '');
    known = res.current;
  }
  throw conflict(refOf(target), target.name ?? '');
}

/** The caller's resourceVersion precondition: absent/empty = unconditional. */
export function checkPrecondition(target: Target, requested: unknown, current: KubeObject): void {
  if (typeof requested === 'string' && requested !== '' && requested !== current.metadata.resourceVersion) {
    throw conflict(refOf(target), target.name ?? '');
  }
}
