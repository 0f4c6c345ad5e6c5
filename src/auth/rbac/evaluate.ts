/**
 * The pure half of RBAC (Kubernetes plugin/pkg/auth/authorizer/rbac): does a policy rule
 * cover a request, and does a binding's subject name a user. No I/O, no state.
 */
import type { PolicyRule, Subject } from '../../api/schema/rbac.js';
import type { RequestAttributes, UserInfo } from '../../apiserver/types.js';

const ALL = '*';

/** Every authenticated (non-anonymous) user is in system:authenticated, whatever its authenticator said. */
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

const has = (list: readonly string[] | null | undefined, value: string): boolean =>
  !!list && (list.includes(ALL) || list.includes(value));

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return has(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return has(rule.apiGroups, group);
}

/**
 * `*` covers every resource and subresource; `pods/log` covers exactly that subresource;
 * `*\/scale` covers the scale subresource of every resource. A plain `pods` never covers a
 * subresource (as upstream: granting pods does not grant pods/exec).
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) =>
    r === ALL || r === combined || (!!subresource && r === `*/${subresource}`));
}

/** No resourceNames means any name; with names, requests without one (list, create) never match. */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!name && names.includes(name));
}

/** `/healthz` exactly, `/api/*` as a prefix (`/api/` and below), `*` everything. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) =>
    url === ALL || url === path || (url.endsWith(ALL) && path.startsWith(url.slice(0, -1))));
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceURLMatches(rule, a.path);
  return apiGroupMatches(rule, a.apiGroup) && resourceMatches(rule, a.resource, a.subresource) && resourceNameMatches(rule, a.name);
}

export function rulesAllow(rules: readonly PolicyRule[], a: RequestAttributes): boolean {
  return rules.some((rule) => ruleAllows(rule, a));
}

/** The groups RBAC sees: the authenticator's, plus system:authenticated for any non-anonymous user. */
export function effectiveGroups(user: UserInfo): string[] {
  const anonymous = user.user === 'system:anonymous' || user.groups.includes(UNAUTHENTICATED_GROUP);
  return anonymous || user.groups.includes(AUTHENTICATED_GROUP) ? user.groups : [...user.groups, AUTHENTICATED_GROUP];
}

/** A ServiceAccount subject without a namespace means the binding's own namespace. */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace?: string): boolean {
  switch (subject.kind) {
    case 'User': return subject.name === user.user;
    case 'Group': return !!subject.name && effectiveGroups(user).includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return !!namespace && !!subject.name && user.user === serviceAccountUser(namespace, subject.name);
    }
    default: return false;
  }
}

export function anySubjectMatches(subjects: readonly Subject[] | null | undefined, user: UserInfo, bindingNamespace?: string): boolean {
  return (subjects ?? []).some((s) => subjectMatches(s, user, bindingNamespace));
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}
