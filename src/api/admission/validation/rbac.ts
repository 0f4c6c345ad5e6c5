/**
 * RBAC validation (pkg/apis/rbac/validation): rules need verbs and either resources with API
 * groups or non-resource URLs (cluster roles only); bindings need a roleRef of the right kind
 * that never changes, and subjects of kind User, Group or ServiceAccount.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ClusterRole, PolicyRule, Role, RoleBinding, Subject } from '../../schema/rbac.js';
import { RBAC_GROUP } from '../../schema/rbac.js';
import { type FieldCause, invalidValue, notSupported, required } from '../field-errors.js';
import { validateLabelSelector } from './meta.js';
import { dns1123Subdomain } from './names.js';

/** ValidatePathSegmentName: RBAC names may hold colons (system:basic-user), never slashes. */
export function rbacName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return /[/%]/.test(name) ? [`may not contain '${name.includes('/') ? '/' : '%'}'`] : [];
}

function validateRule(rule: PolicyRule, field: string, namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!rule.verbs?.length) causes.push(required(`${field}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced) causes.push(invalidValue(`${field}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if ((rule.apiGroups?.length ?? 0) > 0 || (rule.resources?.length ?? 0) > 0) {
      causes.push(invalidValue(`${field}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if (!rule.apiGroups?.length) causes.push(required(`${field}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) causes.push(required(`${field}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

const rulesCauses = (rules: PolicyRule[] | null | undefined, namespaced: boolean): FieldCause[] =>
  (rules ?? []).flatMap((rule, i) => validateRule(rule, `rules[${i}]`, namespaced));

export function validateRole(role: Role): FieldCause[] {
  return rulesCauses(role.rules, true);
}

export function validateClusterRole(role: ClusterRole): FieldCause[] {
  const causes = rulesCauses(role.rules, false);
  (role.aggregationRule?.clusterRoleSelectors ?? []).forEach((s, i) => {
    causes.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
  });
  return causes;
}

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'] as const;

function validateSubject(subject: Subject, field: string, clusterBinding: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!subject.name) causes.push(required(`${field}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) causes.push(...dns1123Subdomain(subject.name).map((m) => invalidValue(`${field}.name`, subject.name, m)));
      if (subject.apiGroup) causes.push(notSupported(`${field}.apiGroup`, subject.apiGroup, ['']));
      if (clusterBinding && !subject.namespace) causes.push(required(`${field}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== RBAC_GROUP) causes.push(notSupported(`${field}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(`${field}.kind`, subject.kind ?? '', SUBJECT_KINDS));
  }
  return causes;
}

function validateBinding(binding: RoleBinding, roleKinds: readonly string[], clusterBinding: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const ref = binding.roleRef;
  if (ref?.apiGroup !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', ref?.apiGroup ?? '', [RBAC_GROUP]));
  if (!ref?.kind || !roleKinds.includes(ref.kind)) causes.push(notSupported('roleRef.kind', ref?.kind ?? '', roleKinds));
  if (!ref?.name) causes.push(required('roleRef.name'));
  else causes.push(...rbacName(ref.name).map((m) => invalidValue('roleRef.name', ref.name, m)));
  (binding.subjects ?? []).forEach((s, i) => causes.push(...validateSubject(s, `subjects[${i}]`, clusterBinding)));
  return causes;
}

export const validateRoleBinding = (b: RoleBinding): FieldCause[] => validateBinding(b, ['Role', 'ClusterRole'], false);
export const validateClusterRoleBinding = (b: RoleBinding): FieldCause[] => validateBinding(b, ['ClusterRole'], true);

/** roleRef is immutable: a binding to another role is a new binding (delete and create). */
export function validateBindingUpdate(binding: RoleBinding, old: RoleBinding): FieldCause[] {
  return isDeepStrictEqual(binding.roleRef ?? {}, old.roleRef ?? {}) ? [] : [invalidValue('roleRef', binding.roleRef, 'cannot change roleRef')];
}
