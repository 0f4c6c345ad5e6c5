/**
 * The default ClusterRoles and ClusterRoleBindings every cluster starts with, after
 * Kubernetes' bootstrappolicy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go),
 * flattened: the user-facing roles carry their full rules (no aggregation controller needed)
 * and still select `aggregate-to-*` roles so users can extend them. Resources upstream grants
 * that Tugboat does not serve are kept, so the roles read as users know them. Pure data.
 */
import type { PolicyRule } from '../api/schema/rbac.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];

export const BOOTSTRAP_LABEL = { 'kubernetes.io/bootstrapping': 'rbac-defaults' } as const;
export const AUTOUPDATE_ANNOTATION = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } as const;

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

/** view: read everything namespaced except Secrets and RBAC (aggregate-to-view in policy.go). */
export const VIEW_RULES: readonly PolicyRule[] = [
  rule(READ, [''], [
    'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers',
    'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status',
  ]),
  rule(READ, [''], [
    'bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status',
    'resourcequotas', 'resourcequotas/status',
  ]),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], [
    'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
    'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
  ]),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

/** edit: view plus writes to workloads, services, config, secrets and claims; never RBAC. */
export const EDIT_RULES: readonly PolicyRule[] = [
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], [
    'configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets',
    'serviceaccounts', 'services', 'services/proxy',
  ]),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], [
    'daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
    'statefulsets', 'statefulsets/scale',
  ]),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  ...VIEW_RULES,
];

/** admin: edit plus Roles and RoleBindings (granted in a namespace through a RoleBinding). */
export const ADMIN_RULES: readonly PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
  ...EDIT_RULES,
];

export const CLUSTER_ADMIN_RULES: readonly PolicyRule[] = [
  rule(['*'], ['*'], ['*']),
  urls(['*'], ['*']),
];

export const BASIC_USER_RULES: readonly PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
  rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
];

export const DISCOVERY_RULES: readonly PolicyRule[] = [
  urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
];

export const PUBLIC_INFO_RULES: readonly PolicyRule[] = [
  urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
];

export interface BootstrapClusterRole {
  name: string;
  rules: readonly PolicyRule[];
  /** Label value of rbac.authorization.k8s.io/aggregate-to-<x> roles this one also gathers. */
  aggregateFrom?: string;
}

export const BOOTSTRAP_CLUSTER_ROLES: readonly BootstrapClusterRole[] = [
  { name: 'cluster-admin', rules: CLUSTER_ADMIN_RULES },
  { name: 'admin', rules: ADMIN_RULES, aggregateFrom: 'admin' },
  { name: 'edit', rules: EDIT_RULES, aggregateFrom: 'edit' },
  { name: 'view', rules: VIEW_RULES, aggregateFrom: 'view' },
  { name: 'system:basic-user', rules: BASIC_USER_RULES },
  { name: 'system:discovery', rules: DISCOVERY_RULES },
  { name: 'system:public-info-viewer', rules: PUBLIC_INFO_RULES },
];

export interface BootstrapClusterRoleBinding {
  name: string;
  role: string;
  groups: string[];
}

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly BootstrapClusterRoleBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', groups: ['system:masters'] },
  { name: 'system:basic-user', role: 'system:basic-user', groups: ['system:authenticated'] },
  { name: 'system:discovery', role: 'system:discovery', groups: ['system:authenticated'] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', groups: ['system:authenticated', 'system:unauthenticated'] },
];
