/** Store keys: /registry/<group|core>/<resource>/<namespace>/<name> (cluster-scoped: no namespace). */
import type { ResourceInfo } from '../../api/resources.js';

function groupSegment(resource: ResourceInfo): string {
  return resource.group === '' ? 'core' : resource.group;
}

export function objectKey(resource: ResourceInfo, namespace: string | undefined, name: string): string {
  const base = `/registry/${groupSegment(resource)}/${resource.resource}/`;
  return resource.namespaced ? `${base}${namespace}/${name}` : `${base}${name}`;
}

/** Prefix of a collection; trailing slash so namespace "a" does not match "ab". */
export function collectionPrefix(resource: ResourceInfo, namespace: string | undefined): string {
  const base = `/registry/${groupSegment(resource)}/${resource.resource}/`;
  return resource.namespaced && namespace ? `${base}${namespace}/` : base;
}
