/**
 * Discovery and OpenAPI documents (kubernetes-api.md §3, §4), built from RESOURCES.
 * CONTRACT (stub until the documents land): the signatures below are fixed.
 */
import { RESOURCES, groupVersions } from '../../api/resources.js';

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** GET /version */
export function versionInfo(): Record<string, string> {
  return {
    major: '1', minor: '32', gitVersion: 'v1.32.0-tugboat', gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
  };
}

/** GET /api (legacy APIVersions) */
export function legacyApiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /apis (legacy APIGroupList) */
export function legacyApiGroupList(): unknown {
  const groups = groupVersions().filter((g) => g.group !== '').map((g) => ({
    name: g.group,
    versions: [{ groupVersion: `${g.group}/${g.version}`, version: g.version }],
    preferredVersion: { groupVersion: `${g.group}/${g.version}`, version: g.version },
  }));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** GET /api/v1 or /apis/{group}/{version}; undefined when the group version is not served. */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const rows = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (rows.length === 0) return undefined;
  const resources = rows.flatMap((r) => [
    { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames, categories: r.categories },
    ...r.subresources.map((s) => ({ name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, group: s.group, version: s.version, verbs: s.verbs })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** GET /api or /apis with the aggregated (apidiscovery.k8s.io/v2) Accept. */
export function aggregatedDiscovery(_which: 'api' | 'apis'): unknown {
  return undefined;
}

/** GET /openapi/v3 */
export function openapiV3Root(): unknown {
  return { paths: {} };
}

/** GET /openapi/v3/api/v1 or /openapi/v3/apis/{g}/{v}; undefined when not served. */
export function openapiV3Document(_groupVersionPath: string): unknown | undefined {
  return undefined;
}
