/**
 * Legacy discovery documents (kubernetes-api.md §3.2): APIVersions, APIGroupList and one
 * APIResourceList per group version. kubectl uses these only when the aggregated form is
 * not negotiated.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, groupVersions, type ResourceInfo } from '../../api/resources.js';

/** GET /api */
export function legacyApiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /apis: every named group (the core group is listed by /api, not here). */
export function legacyApiGroupList(): unknown {
  const groups = groupVersions().filter((g) => g.group !== '').map((g) => ({
    name: g.group,
    versions: [{ groupVersion: `${g.group}/${g.version}`, version: g.version }],
    preferredVersion: { groupVersion: `${g.group}/${g.version}`, version: g.version },
  }));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/**
 * apiserver `discovery.StorageVersionHash`: base64 of the first 8 bytes of
 * sha256("group/version, Kind=Kind"). Clients only compare it for equality.
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}, Kind=${kind}`).digest().subarray(0, 8).toString('base64');
}

function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  entry.storageVersionHash = storageVersionHash(r.group, r.version, r.kind);
  return entry;
}

function subresourceEntries(r: ResourceInfo): Array<Record<string, unknown>> {
  return r.subresources.map((s) => {
    const entry: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced };
    // group/version appear only when the subresource returns another group's kind (scale → autoscaling/v1).
    if (s.group !== undefined) entry.group = s.group;
    if (s.version !== undefined) entry.version = s.version;
    entry.kind = s.kind;
    entry.verbs = s.verbs;
    return entry;
  });
}

/** GET /api/v1 or /apis/{group}/{version}; undefined when the group version is not served. */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const rows = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (rows.length === 0) return undefined;
  const resources = rows.flatMap((r) => [resourceEntry(r), ...subresourceEntries(r)])
    .sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
