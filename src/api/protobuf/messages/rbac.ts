/**
 * rbac.authorization.k8s.io/v1 messages (`staging/src/k8s.io/api/rbac/v1/generated.proto`),
 * sent by `kubectl create role|clusterrole|rolebinding|clusterrolebinding`.
 */
import { msg, str, type MessageSchema } from '../schema.js';
import { LabelSelector, ObjectMeta } from './meta.js';

const PolicyRule: MessageSchema = {
  1: str('verbs', { repeated: true }), 2: str('apiGroups', { repeated: true }), 3: str('resources', { repeated: true }),
  4: str('resourceNames', { repeated: true }), 5: str('nonResourceURLs', { repeated: true }),
};
const Subject: MessageSchema = { 1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace') };
const RoleRef: MessageSchema = { 1: str('apiGroup'), 2: str('kind'), 3: str('name') };

export const Role: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('rules', PolicyRule, { repeated: true }) };
export const ClusterRole: MessageSchema = {
  ...Role, 3: msg('aggregationRule', { 1: msg('clusterRoleSelectors', LabelSelector, { repeated: true }) }),
};
export const RoleBinding: MessageSchema = {
  1: msg('metadata', ObjectMeta), 2: msg('subjects', Subject, { repeated: true }), 3: msg('roleRef', RoleRef),
};
