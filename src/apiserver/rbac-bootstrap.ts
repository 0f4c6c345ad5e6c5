/**
 * Creates the default ClusterRoles and ClusterRoleBindings (rbac-bootstrap-policy.ts) at
 * start-up when missing. An existing object is left as it is, so a user's edit survives
 * restarts (upstream reconciles autoupdate roles; Tugboat never overwrites).
 */
import { resourceByPath } from '../api/resources.js';
import { RBAC_GROUP } from '../api/schema/rbac.js';
import type { KubeObject } from '../api/types.js';
import {
  AUTOUPDATE_ANNOTATION, BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_LABEL,
  type BootstrapClusterRole, type BootstrapClusterRoleBinding,
} from './rbac-bootstrap-policy.js';
import { encodeObject } from './registry/codec.js';
import { nowOf, timestamp, type RegistryDeps } from './registry/context.js';
import { objectKey } from './registry/keys.js';
import { newUid } from './registry/meta.js';

const CLUSTER_ROLES = resourceByPath(RBAC_GROUP, 'v1', 'clusterroles')!;
const CLUSTER_ROLE_BINDINGS = resourceByPath(RBAC_GROUP, 'v1', 'clusterrolebindings')!;
const API_VERSION = `${RBAC_GROUP}/v1`;

function metadata(name: string, now: Date): KubeObject['metadata'] {
  return {
    name, uid: newUid(), creationTimestamp: timestamp(now),
    labels: { ...BOOTSTRAP_LABEL }, annotations: { ...AUTOUPDATE_ANNOTATION },
  };
}

export function clusterRoleObject(role: BootstrapClusterRole, now: Date): KubeObject {
  const object: KubeObject = {
    apiVersion: API_VERSION, kind: 'ClusterRole', metadata: metadata(role.name, now),
    rules: role.rules.map((r) => structuredClone(r)),
  };
  if (role.aggregateFrom) {
    object.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${role.aggregateFrom}`]: 'true' } }] };
  }
  return object;
}

export function clusterRoleBindingObject(binding: BootstrapClusterRoleBinding, now: Date): KubeObject {
  return {
    apiVersion: API_VERSION, kind: 'ClusterRoleBinding', metadata: metadata(binding.name, now),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: binding.role },
    subjects: binding.groups.map((name) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name })),
  };
}

export async function ensureBootstrapRbac(deps: RegistryDeps): Promise<void> {
  const now = nowOf(deps);
  const objects = [
    ...BOOTSTRAP_CLUSTER_ROLES.map((r) => ({ key: objectKey(CLUSTER_ROLES, undefined, r.name), object: clusterRoleObject(r, now) })),
    ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => ({ key: objectKey(CLUSTER_ROLE_BINDINGS, undefined, b.name), object: clusterRoleBindingObject(b, now) })),
  ];
  for (const { key, object } of objects) {
    if (await deps.store.get(key)) continue;
    // 'exists' means another server (or the user) created it first: keep theirs.
    await deps.store.create(key, encodeObject(object));
  }
}
