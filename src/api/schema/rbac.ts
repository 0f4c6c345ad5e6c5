/** rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { StringList, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const PolicyRule = z.strictObject({
  verbs: StringList.nullable().optional(),
  apiGroups: StringList.nullable().optional(),
  resources: StringList.nullable().optional(),
  resourceNames: StringList.nullable().optional(),
  nonResourceURLs: StringList.nullable().optional(),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

export const Subject = z.strictObject({
  kind: z.string().optional(),
  apiGroup: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});
export type Subject = z.infer<typeof Subject>;

export const RoleRef = z.strictObject({
  apiGroup: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
});
export type RoleRef = z.infer<typeof RoleRef>;

export const AggregationRule = z.strictObject({
  clusterRoleSelectors: z.array(LabelSelector).nullable().optional(),
});

export const Role = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  rules: z.array(PolicyRule).nullable().optional(),
});
export type Role = z.infer<typeof Role>;

export const ClusterRole = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  rules: z.array(PolicyRule).nullable().optional(),
  aggregationRule: AggregationRule.nullable().optional(),
});
export type ClusterRole = z.infer<typeof ClusterRole>;

export const RoleBinding = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  subjects: z.array(Subject).nullable().optional(),
  roleRef: RoleRef.optional(),
});
export type RoleBinding = z.infer<typeof RoleBinding>;

export const ClusterRoleBinding = RoleBinding;
export type ClusterRoleBinding = RoleBinding;
