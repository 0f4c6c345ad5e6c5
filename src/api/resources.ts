/**
 * The table of API resources Tugboat serves. Discovery, routing, the client and the CLI
 * all read from here, so a kind is added in one place.
 */

export interface SubresourceInfo {
  name: string; // 'status', 'scale', 'log', 'exec', 'binding', 'eviction'
  /** Kind returned by the subresource, with its group/version when it differs from the parent. */
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string; // '' = core
  version: string;
  resource: string; // plural
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceInfo = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceInfo = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

function r(
  group: string, version: string, kind: string, resource: string,
  opts: { namespaced?: boolean; shortNames?: string[]; categories?: string[]; subresources?: SubresourceInfo[]; verbs?: string[] } = {},
): ResourceInfo {
  return {
    group, version, resource, kind,
    singular: kind.toLowerCase(),
    listKind: `${kind}List`,
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames,
    categories: opts.categories,
    verbs: opts.verbs ?? ALL_VERBS,
    subresources: (opts.subresources ?? []).map((s) => (s.name === 'status' ? { ...s, kind } : s)),
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  r('', 'v1', 'Namespace', 'namespaces', { namespaced: false, shortNames: ['ns'], subresources: [STATUS, { name: 'finalize', kind: 'Namespace', verbs: ['update'] }] }),
  r('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'], subresources: [STATUS] }),
  r('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'], categories: ['all'],
    subresources: [
      STATUS,
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  }),
  r('', 'v1', 'Service', 'services', { shortNames: ['svc'], categories: ['all'], subresources: [STATUS] }),
  r('', 'v1', 'Endpoints', 'endpoints', { shortNames: ['ep'] }),
  r('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets'),
  r('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', { namespaced: false, shortNames: ['pv'], subresources: [STATUS] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', { shortNames: ['pvc'], subresources: [STATUS] }),
  r('apps', 'v1', 'Deployment', 'deployments', { shortNames: ['deploy'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', { shortNames: ['rs'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', { shortNames: ['ds'], categories: ['all'], subresources: [STATUS] }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', { shortNames: ['sts'], categories: ['all'], subresources: [STATUS, SCALE] }),
  r('batch', 'v1', 'Job', 'jobs', { categories: ['all'], subresources: [STATUS] }),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases'),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', { namespaced: false, shortNames: ['sc'] }),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', { namespaced: false }),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', { namespaced: false }),
  // Access reviews are answered, never stored (src/apiserver/routes/access-review.ts).
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', { namespaced: false, verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', { namespaced: false, verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', { namespaced: false, verbs: ['create'] }),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', { namespaced: false, verbs: ['create'] }),
];

/** The resource served at /api[s]/{group}/{version}/{resource}, if any. */
export function resourceByPath(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => x.group === group && x.version === version && x.resource === resource);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return RESOURCES.find((x) => x.group === group && x.version === version && x.kind === kind);
}

export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const x of RESOURCES) seen.set(`${x.group}/${x.version}`, { group: x.group, version: x.version });
  return [...seen.values()];
}
