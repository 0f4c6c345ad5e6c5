/**
 * Kubernetes defaulting, one entry per Kind. Every default value lives in pod-spec.ts,
 * workloads.ts or core.ts; `applyDefaults` mutates the decoded object it is given.
 */
import {
  defaultEndpoints, defaultEndpointSlice, defaultNamespace, defaultPersistentVolume,
  defaultPersistentVolumeClaim, defaultPod, defaultSecret, defaultService, defaultStorageClass,
} from './core.js';
import { defaultRoleBinding } from './rbac.js';
import { defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workloads.js';

// Each defaulter takes its kind's decoded type; the table erases that to one signature.
const DEFAULTERS: Record<string, (obj: any) => void> = {
  Pod: defaultPod,
  Service: defaultService,
  Secret: defaultSecret,
  Namespace: defaultNamespace,
  PersistentVolumeClaim: defaultPersistentVolumeClaim,
  PersistentVolume: defaultPersistentVolume,
  Endpoints: defaultEndpoints,
  EndpointSlice: defaultEndpointSlice,
  StorageClass: defaultStorageClass,
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  StatefulSet: defaultStatefulSet,
  DaemonSet: defaultDaemonSet,
  Job: defaultJob,
  RoleBinding: defaultRoleBinding,
  ClusterRoleBinding: defaultRoleBinding,
};

export function applyDefaults(kind: string, object: { metadata?: object }): void {
  object.metadata ??= {};
  DEFAULTERS[kind]?.(object);
}

export { POD_SPEC_DEFAULTS, defaultPullPolicy } from './pod-spec.js';
export { WORKLOAD_DEFAULTS } from './workloads.js';
