/** The namespaces every cluster has (created at start-up when missing). */
import { resourceByPath } from '../api/resources.js';
import { nowOf, timestamp, type RegistryDeps } from './registry/context.js';
import { objectKey } from './registry/keys.js';
import { newUid } from './registry/meta.js';
import { ensureBootstrapRbac } from './rbac-bootstrap.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

const NAMESPACES = resourceByPath('', 'v1', 'namespaces')!;

export async function ensureSystemNamespaces(deps: RegistryDeps): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    const key = objectKey(NAMESPACES, undefined, name);
    if (await deps.store.get(key)) continue;
    const namespace = {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: {
        name, uid: newUid(), creationTimestamp: timestamp(nowOf(deps)), generation: 1,
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    // 'exists' means another server created it first: fine.
    await deps.store.create(key, JSON.stringify(namespace));
  }
  await ensureBootstrapRbac(deps);
}
