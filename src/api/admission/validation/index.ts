/**
 * Validation per Kind: the name rule, object checks and update checks. Every function
 * receives the decoded, defaulted object and returns field causes (empty = valid).
 */
import type { ResourceInfo } from '../../resources.js';
import type { FieldCause } from '../field-errors.js';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config.js';
import { validateJob, validateJobUpdate } from './job.js';
import { type NameCheck, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import {
  validateEndpoints, validateEndpointSlice, validateEvent, validateLease, validateNamespace, validateNode,
} from './misc.js';
import { dns1035Label, dns1123Label, dns1123Subdomain } from './names.js';
import { validatePod, validatePodUpdate } from './pod.js';
import {
  rbacName, validateBindingUpdate, validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding,
} from './rbac.js';
import { validateService, validateServiceUpdate } from './service.js';
import {
  validatePersistentVolume, validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate,
  validateStorageClass, validateStorageClassUpdate,
} from './storage.js';
import {
  validateDaemonSet, validateDeployment, validateReplicaSet, validateSelectorUnchanged, validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads.js';

// Objects arrive as the kind's decoded type; the table erases that to one signature.
type Obj = any;

interface KindRules {
  name?: NameCheck;
  validate?: (obj: Obj) => FieldCause[];
  validateUpdate?: (obj: Obj, old: Obj) => FieldCause[];
}

const selectorImmutable = (obj: Obj, old: Obj): FieldCause[] => validateSelectorUnchanged(obj.spec?.selector, old.spec?.selector);

const RULES: Record<string, KindRules> = {
  Namespace: { name: dns1123Label, validate: validateNamespace },
  Node: { validate: validateNode },
  Pod: { validate: validatePod, validateUpdate: validatePodUpdate },
  Service: { name: dns1035Label, validate: validateService, validateUpdate: validateServiceUpdate },
  Endpoints: { validate: validateEndpoints },
  ConfigMap: { validate: validateConfigMap, validateUpdate: validateConfigMapUpdate },
  Secret: { validate: validateSecret, validateUpdate: validateSecretUpdate },
  Event: { validate: validateEvent },
  ServiceAccount: {},
  PersistentVolume: { validate: validatePersistentVolume },
  PersistentVolumeClaim: { validate: validatePersistentVolumeClaim, validateUpdate: validatePersistentVolumeClaimUpdate },
  Deployment: { validate: validateDeployment, validateUpdate: selectorImmutable },
  ReplicaSet: { validate: validateReplicaSet, validateUpdate: selectorImmutable },
  DaemonSet: { validate: validateDaemonSet, validateUpdate: selectorImmutable },
  StatefulSet: {
    validate: validateStatefulSet,
    validateUpdate: (obj, old) => [...selectorImmutable(obj, old), ...validateStatefulSetUpdate(obj, old)],
  },
  Job: { validate: validateJob, validateUpdate: validateJobUpdate },
  Lease: { validate: validateLease },
  EndpointSlice: { validate: validateEndpointSlice },
  StorageClass: { validate: validateStorageClass, validateUpdate: validateStorageClassUpdate },
  Role: { name: rbacName, validate: validateRole },
  ClusterRole: { name: rbacName, validate: validateClusterRole },
  RoleBinding: { name: rbacName, validate: validateRoleBinding, validateUpdate: validateBindingUpdate },
  ClusterRoleBinding: { name: rbacName, validate: validateClusterRoleBinding, validateUpdate: validateBindingUpdate },
};

export interface ValidateOptions {
  resource: ResourceInfo;
  old?: Obj;
  /** Subresource writes change only what the subresource owns; the spec is not re-checked. */
  subresource?: string;
}

export function validateObject(obj: Obj, opts: ValidateOptions): FieldCause[] {
  const rules = RULES[opts.resource.kind] ?? {};
  const causes = validateObjectMeta(obj.metadata ?? {}, {
    namespaced: opts.resource.namespaced, nameCheck: rules.name ?? dns1123Subdomain,
  });
  if (opts.old) causes.push(...validateObjectMetaUpdate(obj.metadata ?? {}, opts.old.metadata ?? {}));
  if (opts.subresource === 'scale') return [...causes, ...scaleCauses(obj)];
  // status, binding, finalize: the subresource owns the change; the spec was checked when written.
  if (opts.subresource !== undefined) return causes;
  if (rules.validate) causes.push(...rules.validate(obj));
  if (opts.old && rules.validateUpdate) causes.push(...rules.validateUpdate(obj, opts.old));
  return causes;
}

function scaleCauses(obj: Obj): FieldCause[] {
  const replicas = obj.spec?.replicas;
  return typeof replicas === 'number' && replicas < 0
    ? [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }]
    : [];
}
