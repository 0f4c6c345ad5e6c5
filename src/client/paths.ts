/**
 * REST paths and query strings for a ResourceType, following the Kubernetes URL layout:
 * core group under /api/v1, every other group under /apis/{group}/{version}.
 */
import type { ResourceType } from './types.js';

export interface PathParts {
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
}

/**
 * The collection or item path. A namespaced type without a namespace is the
 * all-namespaces collection, which has no items: asking for a name there is a bug.
 */
export function resourcePath(type: ResourceType, parts: PathParts = {}): string {
  const { namespace, name, subresource } = parts;
  if (type.namespaced && !namespace && name !== undefined) {
    throw new TypeError(`${type.resource} "${name}": a namespace is required for a namespaced resource`);
  }
  if (subresource && name === undefined) throw new TypeError(`subresource "${subresource}" needs an object name`);
  let path = groupVersionPath(type);
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

export type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=x` with undefined values left out; '' when nothing is set. */
export function queryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
