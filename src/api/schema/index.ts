/**
 * Zod schemas for every kind Tugboat serves, and the TypeScript types inferred from them.
 * Other components import the types from here (`import type { Pod } from '../api/schema/index.js'`).
 */
import type { z } from 'zod';
import { ConfigMap } from './configmap.js';
import { DaemonSet } from './daemonset.js';
import { Deployment } from './deployment.js';
import { Endpoints } from './endpoints.js';
import { EndpointSlice } from './endpointslice.js';
import { Event } from './event.js';
import { Job } from './job.js';
import { Lease } from './lease.js';
import { Namespace } from './namespace.js';
import { Node } from './node.js';
import { PersistentVolume } from './persistentvolume.js';
import { PersistentVolumeClaim } from './persistentvolumeclaim.js';
import { Pod } from './pod.js';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac.js';
import { SelfSubjectAccessReview, SelfSubjectReview, SelfSubjectRulesReview, SubjectAccessReview } from './authorization.js';
import { ReplicaSet } from './replicaset.js';
import { Secret } from './secret.js';
import { Service } from './service.js';
import { ServiceAccount } from './serviceaccount.js';
import { StatefulSet } from './statefulset.js';
import { StorageClass } from './storageclass.js';

/** Schema per Kind, as named in src/api/resources.ts. */
export const SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Namespace, Node, Pod, Service, Endpoints, ConfigMap, Secret, Event, ServiceAccount,
  PersistentVolume, PersistentVolumeClaim, Deployment, ReplicaSet, DaemonSet, StatefulSet,
  Job, Lease, EndpointSlice, StorageClass,
  Role, ClusterRole, RoleBinding, ClusterRoleBinding,
  SelfSubjectAccessReview, SelfSubjectRulesReview, SubjectAccessReview, SelfSubjectReview,
};

export {
  ConfigMap, DaemonSet, Deployment, Endpoints, EndpointSlice, Event, Job, Lease, Namespace, Node,
  PersistentVolume, PersistentVolumeClaim, Pod, ReplicaSet, Secret, Service, ServiceAccount,
  StatefulSet, StorageClass,
};
export { ContainerState, ContainerStatus, PodStatus } from './pod.js';
export { DeploymentSpec, DeploymentStrategy } from './deployment.js';
export { ReplicaSetSpec } from './replicaset.js';
export { DaemonSetSpec } from './daemonset.js';
export { StatefulSetSpec } from './statefulset.js';
export { JobSpec, JobStatus } from './job.js';
export { ServicePort, ServiceSpec } from './service.js';
export { EndpointSubset } from './endpoints.js';
export { Endpoint } from './endpointslice.js';
export { NodeSpec, NodeStatus, Taint } from './node.js';
export { PersistentVolumeSpec } from './persistentvolume.js';
export { PersistentVolumeClaimSpec } from './persistentvolumeclaim.js';
export { DeploymentStatus, ReplicaSetStatus, StatefulSetStatus, DaemonSetStatus } from './workload-status.js';
export { ObjectMeta, OwnerReference } from './common/meta.js';
export { PodSpec, PodTemplateSpec } from './common/pod-spec.js';
export { Container, ContainerPort, EnvVar, EnvFromSource, VolumeMount, ResourceRequirements } from './common/container.js';
export { Probe, Lifecycle, LifecycleHandler } from './common/probe.js';
export { Volume } from './common/volume.js';
export { Affinity, Toleration, TopologySpreadConstraint } from './common/affinity.js';
export { SecurityContext, PodSecurityContext } from './common/security.js';
export { LabelSelector } from './common/selector.js';
export { Condition, IntOrString, ObjectReference } from './common/primitives.js';
export { parseQuantity, Quantity, ResourceList } from './common/quantity.js';
export { applyDefaults } from './defaults/index.js';
export { ClusterRole, ClusterRoleBinding, PolicyRule, RBAC_GROUP, Role, RoleBinding, RoleRef, Subject } from './rbac.js';
