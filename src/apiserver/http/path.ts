/**
 * Parses /api/... and /apis/... request paths into what they address
 * (kubernetes-api.md §1.1). Pure.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';

export type ApiPath =
  | { type: 'group-version'; group: string; version: string }
  | { type: 'group'; group: string }
  | {
    type: 'resource';
    resource: ResourceInfo;
    namespace?: string;
    name?: string;
    subresource?: string;
  };

const INDEX = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));

function lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
  return INDEX.get(`${group}/${version}/${resource}`);
}

function decodeSegments(path: string): string[] | undefined {
  const q = path.indexOf('?');
  const bare = q >= 0 ? path.slice(0, q) : path;
  try {
    // Most segments have no escapes: decodeURIComponent only where there is something to decode.
    return bare.split('/').filter((s) => s !== '').map((s) => (s.includes('%') ? decodeURIComponent(s) : s));
  } catch {
    return undefined;
  }
}

function withSub(resource: ResourceInfo, rest: string[], namespace: string | undefined): ApiPath | undefined {
  const [name, subresource, ...extra] = rest;
  if (extra.length > 0) return undefined;
  if (subresource !== undefined && !resource.subresources.some((s) => s.name === subresource)) return undefined;
  return { type: 'resource', resource, namespace, name, subresource };
}

/** Resolve the segments after /api/v1 or /apis/{g}/{v}. */
function resolveRest(group: string, version: string, rest: string[]): ApiPath | undefined {
  if (rest.length === 0) {
    return RESOURCES.some((r) => r.group === group && r.version === version) ? { type: 'group-version', group, version } : undefined;
  }
  // /namespaces/{ns}/{resource}/...: `resource` must be a namespaced resource of this group
  // version; otherwise (core only) it is namespace {ns}'s own subresource, e.g. /status.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = lookup(group, version, rest[2]);
    if (namespaced?.namespaced) return withSub(namespaced, rest.slice(3), rest[1]);
  }
  const resource = lookup(group, version, rest[0]);
  if (!resource) return undefined;
  if (resource.namespaced) {
    // /api/v1/pods: the all-namespaces collection, no name below it.
    return rest.length === 1 ? { type: 'resource', resource } : undefined;
  }
  return withSub(resource, rest.slice(1), undefined);
}

/** `url` is the request URL (query allowed). Undefined = no such path (404). */
export function parseApiPath(url: string): ApiPath | undefined {
  const segs = decodeSegments(url);
  if (!segs || segs.length === 0) return undefined;
  if (segs[0] === 'api') {
    if (segs.length < 2) return undefined;
    return resolveRest('', segs[1], segs.slice(2));
  }
  if (segs[0] === 'apis') {
    if (segs.length < 2) return undefined;
    if (segs.length === 2) {
      return RESOURCES.some((r) => r.group === segs[1]) ? { type: 'group', group: segs[1] } : undefined;
    }
    return resolveRest(segs[1], segs[2], segs.slice(3));
  }
  return undefined;
}
