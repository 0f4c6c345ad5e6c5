/** The kinds whose protobuf bodies Tugboat decodes, keyed "apiVersion/Kind". */
import { ConfigMap, Namespace, Pod, Secret, Service, ServiceAccount } from './messages/core.js';
import { DeleteOptions } from './messages/meta.js';
import { Deployment, Job, ReplicaSet } from './messages/workloads.js';
import { SelfSubjectAccessReview, SelfSubjectReview, SelfSubjectRulesReview, SubjectAccessReview } from './messages/authorization.js';
import { ClusterRole, Role, RoleBinding } from './messages/rbac.js';
import type { MessageSchema } from './schema.js';

const KINDS: ReadonlyMap<string, MessageSchema> = new Map([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/Pod', Pod],
  ['apps/v1/Deployment', Deployment],
  ['apps/v1/ReplicaSet', ReplicaSet],
  ['batch/v1/Job', Job],
  ['rbac.authorization.k8s.io/v1/Role', Role],
  ['rbac.authorization.k8s.io/v1/ClusterRole', ClusterRole],
  ['rbac.authorization.k8s.io/v1/RoleBinding', RoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', RoleBinding],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SelfSubjectAccessReview],
  ['authorization.k8s.io/v1/SubjectAccessReview', SubjectAccessReview],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', SelfSubjectRulesReview],
  ['authentication.k8s.io/v1/SelfSubjectReview', SelfSubjectReview],
]);

export function schemaFor(apiVersion: string, kind: string): MessageSchema | undefined {
  // DeleteOptions is registered in every group version ("v1", "apps/v1", "meta.k8s.io/v1", …).
  if (kind === 'DeleteOptions') return DeleteOptions;
  return KINDS.get(`${apiVersion}/${kind}`);
}

export function decodableKinds(): string[] {
  return [...KINDS.keys(), '*/DeleteOptions'];
}
