/**
 * Turning a request into authorization attributes (Kubernetes' vocabulary: verb, API group,
 * resource, subresource, namespace, name; or a non-resource path) and asking the Authorizer.
 * Pure except for the authorizer call.
 */
import { forbidden } from '../api/errors.js';
import { parseApiPath } from './http/path.js';
import type { Authorizer, RequestAttributes, UserInfo } from './types.js';

function isWatchQuery(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return false;
  const value = new URLSearchParams(url.slice(q + 1)).get('watch');
  return value === 'true' || value === '1';
}

const RESOURCE_VERB: Record<string, (named: boolean, watch: boolean) => string> = {
  GET: (named, watch) => (watch ? 'watch' : named ? 'get' : 'list'),
  HEAD: (named) => (named ? 'get' : 'list'),
  POST: () => 'create',
  PUT: () => 'update',
  PATCH: () => 'patch',
  DELETE: (named) => (named ? 'delete' : 'deletecollection'),
};

/** The attributes of one request; unknown paths are non-resource requests (they 404 later). */
export function requestAttributes(method: string, url: string, user: UserInfo): RequestAttributes {
  const path = url.split('?')[0];
  const parsed = parseApiPath(url);
  const verbOf = RESOURCE_VERB[method.toUpperCase()];
  if (parsed?.type === 'resource' && verbOf) {
    const { resource } = parsed;
    // pods/exec is 'create' whatever the method (WebSocket upgrades arrive as GET), as in Kubernetes 1.31+.
    const verb = parsed.subresource === 'exec' ? 'create'
      : verbOf(parsed.name !== undefined, !parsed.subresource && isWatchQuery(url));
    // As upstream's RequestInfo: /api/v1/namespaces/{name}[/status|/finalize] is "in" that
    // namespace, so a RoleBinding there can grant `get namespace {name}`.
    const namespace = resource.group === '' && resource.resource === 'namespaces' ? parsed.name : parsed.namespace;
    return {
      user, verb, resourceRequest: true, apiGroup: resource.group, apiVersion: resource.version,
      resource: resource.resource, subresource: parsed.subresource, namespace, name: parsed.name, path,
    };
  }
  return { user, verb: method.toLowerCase(), resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', path };
}

/** Throws a 403 Forbidden ApiError with Kubernetes' wording when the authorizer says no. */
export async function authorizeRequest(authorizer: Authorizer, attributes: RequestAttributes): Promise<void> {
  const decision = await authorizer.authorize(attributes);
  if (decision.allowed) return;
  throw forbidden(forbiddenMessage(attributes, decision.reason));
}

export function forbiddenMessage(a: RequestAttributes, reason: string): string {
  const suffix = reason ? `: ${reason}` : '';
  if (!a.resourceRequest) return `forbidden: User "${a.user.user}" cannot ${a.verb} path "${a.path}"${suffix}`;
  // As upstream's ForbiddenStatusError: the qualified resource (resource.group) leads, the
  // subresource shows only in the "cannot" part, and the API group is named even when ''.
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const qualified = a.apiGroup === '' ? a.resource : `${a.resource}.${a.apiGroup}`;
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  const named = a.name ? ` "${a.name}"` : '';
  return `${qualified}${named} is forbidden: User "${a.user.user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}"${scope}${suffix}`;
}
