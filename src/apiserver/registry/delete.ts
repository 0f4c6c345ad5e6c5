/**
 * DELETE of one object, with preconditions, dry run and the decision of deletion.ts.
 * Returns whether the object is gone and its last state.
 */
import { conflict } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import { decodeKv, encodeObject } from './codec.js';
import { nowOf, refOf, type RegistryDeps, type Target } from './context.js';
import { decideDeletion, type DeleteOptions } from './deletion.js';
import { getCurrent } from './get.js';
import { withKeyLock } from './key-lock.js';
import { objectKey } from './keys.js';

export interface DeleteOutcome {
  deleted: boolean;
  object: KubeObject;
}

// Lost races mean another write succeeded; deletes are queued with updates per key (key-lock.ts).
const MAX_ATTEMPTS = 1000;

function checkPreconditions(target: Target, options: DeleteOptions, current: KubeObject): void {
  const pre = options.preconditions;
  const name = target.name ?? '';
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw conflict(refOf(target), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(refOf(target), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
}

export async function deleteObject(deps: RegistryDeps, target: Target, options: DeleteOptions): Promise<DeleteOutcome> {
  const key = objectKey(target.resource, target.namespace, target.name ?? '');
  return withKeyLock(deps.store, key, () => deleteLoop(deps, target, key, options));
}

async function deleteLoop(deps: RegistryDeps, target: Target, key: string, options: DeleteOptions): Promise<DeleteOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { kv, object } = await getCurrent(deps, target);
    checkPreconditions(target, options, object);
    const decision = decideDeletion(object, options, nowOf(deps));
    if (decision.type === 'unchanged') return { deleted: false, object };
    if (decision.type === 'mark') {
      if (options.dryRun) return { deleted: false, object: decision.object };
      const res = await deps.store.update(key, encodeObject(decision.object), kv.modRevision);
      if (res.ok) return { deleted: false, object: decodeKv(res.kv) };
      continue;
    }
    if (options.dryRun) return { deleted: true, object };
    const res = await deps.store.delete(key, kv.modRevision);
    if (res.ok) {
      object.metadata.resourceVersion = String(res.revision);
      return { deleted: true, object };
    }
  }
  throw conflict(refOf(target), target.name ?? '');
}
