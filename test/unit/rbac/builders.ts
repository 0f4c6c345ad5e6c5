/** Builders for RBAC tests: request attributes, rules, roles and bindings. */
import type { PolicyRule } from '../../../src/api/schema/rbac.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { RequestAttributes, UserInfo } from '../../../src/apiserver/types.js';

export const alice: UserInfo = { user: 'alice', groups: ['developers'] };

export function resourceRequest(verb: string, resource: string, opts: Partial<RequestAttributes> = {}): RequestAttributes {
  return {
    user: alice, verb, resourceRequest: true, apiGroup: '', apiVersion: 'v1', resource, path: '', ...opts,
  };
}

export function pathRequest(verb: string, path: string, user: UserInfo = alice): RequestAttributes {
  return { user, verb, resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', path };
}

export const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule =>
  ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });

export function aClusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules };
}

export function aRole(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules };
}

type SubjectSpec = { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string };

export function aRoleBinding(namespace: string, name: string, role: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: SubjectSpec[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role }, subjects,
  };
}

export function aClusterRoleBinding(name: string, role: string, subjects: SubjectSpec[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects,
  };
}

/** The store key the apiserver would use for an RBAC object. */
export function keyOf(object: KubeObject): string {
  const plural = `${object.kind.toLowerCase()}s`;
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `/registry/rbac.authorization.k8s.io/${plural}/${ns}${object.metadata.name}`;
}
