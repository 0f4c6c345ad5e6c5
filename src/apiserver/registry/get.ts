/** GET of one object. */
import { notFound } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import type { KeyValue } from '../../store/store.js';
import { decodeKv } from './codec.js';
import { refOf, type RegistryDeps, type Target } from './context.js';
import { objectKey } from './keys.js';

/** The stored value, not decoded (a JSON GET splices the resourceVersion into its text). */
export async function getCurrentValue(deps: RegistryDeps, target: Target): Promise<{ kv: KeyValue }> {
  const name = target.name ?? '';
  const kv = await deps.store.get(objectKey(target.resource, target.namespace, name));
  if (!kv) throw notFound(refOf(target), name);
  return { kv };
}

export async function getCurrent(deps: RegistryDeps, target: Target): Promise<{ kv: KeyValue; object: KubeObject }> {
  const name = target.name ?? '';
  const kv = await deps.store.get(objectKey(target.resource, target.namespace, name));
  if (!kv) throw notFound(refOf(target), name);
  return { kv, object: decodeKv(kv) };
}

export async function getObject(deps: RegistryDeps, target: Target): Promise<KubeObject> {
  return (await getCurrent(deps, target)).object;
}
