/**
 * The rules a SelfSubjectRulesReview reports when the server's Authorizer cannot enumerate
 * rules itself (no `rulesFor`, e.g. a union of authorizers): every served resource,
 * subresource and verb, and the well-known non-resource paths, are asked of the authorizer
 * and the allowed ones listed. Wildcards and resourceNames-limited grants do not show, so
 * the review says `incomplete: true`, as upstream does when an authorizer cannot list rules.
 */
import { RESOURCES } from '../../api/resources.js';
import type { PolicyRule } from '../../api/schema/rbac.js';
import type { Authorizer, RequestAttributes, UserInfo } from '../types.js';

/** The non-resource paths Kubernetes' default roles speak of. */
export const PROBED_PATHS: readonly string[] = [
  '/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/', '/openapi', '/openapi/*', '/metrics',
];

interface Probe { group: string; version: string; resource: string; subresource?: string; namespaced: boolean; verbs: string[] }

function probes(): Probe[] {
  return RESOURCES.flatMap((r) => [
    { group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced, verbs: r.verbs },
    ...r.subresources.map((s) => ({ group: r.group, version: r.version, resource: r.resource, subresource: s.name, namespaced: r.namespaced, verbs: s.verbs })),
  ]);
}

export async function probeRules(authorizer: Authorizer, user: UserInfo, namespace: string): Promise<PolicyRule[]> {
  const rules: PolicyRule[] = [];
  for (const p of probes()) {
    const allowed: string[] = [];
    for (const verb of p.verbs) {
      const attributes: RequestAttributes = {
        user, verb, resourceRequest: true, apiGroup: p.group, apiVersion: p.version, resource: p.resource,
        subresource: p.subresource, namespace: p.namespaced && namespace ? namespace : undefined, path: '',
      };
      if ((await authorizer.authorize(attributes)).allowed) allowed.push(verb);
    }
    if (allowed.length) rules.push({ verbs: allowed, apiGroups: [p.group], resources: [p.subresource ? `${p.resource}/${p.subresource}` : p.resource] });
  }
  const paths: string[] = [];
  for (const path of PROBED_PATHS) {
    const attributes: RequestAttributes = { user, verb: 'get', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', path };
    if ((await authorizer.authorize(attributes)).allowed) paths.push(path);
  }
  if (paths.length) rules.push({ verbs: ['get'], nonResourceURLs: paths });
  return rules;
}
