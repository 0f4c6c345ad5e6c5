/** The I/O half of `tug apply`: read each object's current state, act on planApply. */
import type { KubeObject } from '../api/types.js';
import { isNotFound, retryOnConflict, type ApiClient } from '../client/index.js';
import { planApply } from './apply-plan.js';
import { withConnection, type ConnectOptions } from './connect.js';
import type { CliIo } from './io.js';
import { resourceForObject } from './resources.js';

const FIELD_MANAGER = 'tug-apply';

async function currentObject(client: ApiClient, info: ReturnType<typeof resourceForObject>, ns: string | undefined, name: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(info, ns, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function applyOne(client: ApiClient, object: KubeObject, defaultNamespace: string): Promise<string> {
  const info = resourceForObject(object.apiVersion, object.kind);
  const namespace = info.namespaced ? (object.metadata.namespace ?? defaultNamespace) : undefined;
  const desired: KubeObject = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } };
  const name = desired.metadata.name as string;
  const label = `${info.group ? `${info.resource}.${info.group}` : info.resource}/${name}`;
  return retryOnConflict(async () => {
    const decision = planApply(desired, await currentObject(client, info, namespace, name));
    if (decision.action === 'unchanged') return `${label} unchanged`;
    if (decision.action === 'create') {
      await client.create(info, decision.object, { fieldManager: FIELD_MANAGER });
      return `${label} created`;
    }
    await client.update(info, decision.object, { fieldManager: FIELD_MANAGER });
    return `${label} configured`;
  });
}

export async function applyObjects(objects: readonly KubeObject[], options: ConnectOptions, io: CliIo): Promise<void> {
  // Validate every kind before the first write, so a bad document doesn't leave half a manifest applied.
  for (const object of objects) resourceForObject(object.apiVersion, object.kind);
  await withConnection(options, io.env, async ({ client, namespace }) => {
    for (const object of objects) io.out(`${await applyOne(client, object, namespace)}\n`);
  });
}
