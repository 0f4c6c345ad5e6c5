/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, kubernetes-api.md §3.3): one document for
 * /api and one for /apis replace the per-group-version requests of legacy discovery.
 * Serve it with AGGREGATED_DISCOVERY_CONTENT_TYPE, and only when the Accept header asks.
 */
import { RESOURCES, groupVersions, type ResourceInfo } from '../../api/resources.js';

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Byte-wise order, as Go's sort.Strings. */
const byName = <T>(key: (x: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function resourceDiscovery(r: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  if (r.subresources.length > 0) {
    entry.subresources = [...r.subresources].sort(byName((s) => s.name)).map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return entry;
}

function groupDiscovery(group: string): Record<string, unknown> {
  const versions = groupVersions().filter((gv) => gv.group === group).map((gv) => ({
    version: gv.version,
    resources: RESOURCES.filter((r) => r.group === group && r.version === gv.version)
      .slice().sort(byName((r) => r.resource)).map(resourceDiscovery),
    freshness: 'Current',
  }));
  return { metadata: { name: group, creationTimestamp: null }, versions };
}

/** GET /api (the core group only) or /apis (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(which: 'api' | 'apis'): unknown {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))]
    .filter((g) => (which === 'api' ? g === '' : g !== ''));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items: groups.map(groupDiscovery) };
}
