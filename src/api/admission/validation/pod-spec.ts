/** PodSpec validation (core validation.ValidatePodSpec, the parts users hit). */
import type { PodSpec } from '../../schema/common/pod-spec.js';
import { VOLUME_SOURCES, type Volume } from '../../schema/common/volume.js';
import { type FieldCause, duplicate, forbidden, invalidValue, nonNegative, oneOf, required } from '../field-errors.js';
import { validateContainer } from './container.js';
import { validateLabels } from './meta.js';
import { dns1123Label, dns1123Subdomain } from './names.js';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;

function validateVolumes(volumes: Volume[], field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    const at = `${field}[${i}]`;
    if (!v.name) causes.push(required(`${at}.name`));
    else {
      for (const m of dns1123Label(v.name)) causes.push(invalidValue(`${at}.name`, v.name, m));
      if (seen.has(v.name)) causes.push(duplicate(`${at}.name`, v.name));
      seen.add(v.name);
    }
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined).length;
    if (sources === 0) causes.push(required(at, 'must specify a volume type'));
    if (sources > 1) causes.push(forbidden(at, 'may not specify more than 1 volume type'));
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) {
      causes.push(required(`${at}.persistentVolumeClaim.claimName`));
    }
    if (v.hostPath && !v.hostPath.path) causes.push(required(`${at}.hostPath.path`));
  });
  return causes;
}

export interface PodSpecRules {
  /** Restart policies allowed by the owning kind (workloads allow only Always, Jobs OnFailure/Never). */
  restartPolicies?: readonly string[];
  /** Volumes supplied by the owner, e.g. a StatefulSet's volumeClaimTemplates. */
  extraVolumeNames?: readonly string[];
}

export function validatePodSpec(spec: PodSpec, field: string, rules: PodSpecRules = {}): FieldCause[] {
  const causes: FieldCause[] = [];
  const volumes = spec.volumes ?? [];
  causes.push(...validateVolumes(volumes, `${field}.volumes`));
  const volumeNames = new Set([...volumes.map((v) => v.name), ...(rules.extraVolumeNames ?? [])]);
  const ctx = { volumeNames, seenNames: new Set<string>() };
  if (!spec.containers?.length) causes.push(required(`${field}.containers`));
  (spec.containers ?? []).forEach((c, i) => causes.push(...validateContainer(c, `${field}.containers[${i}]`, ctx)));
  (spec.initContainers ?? []).forEach((c, i) => causes.push(...validateContainer(c, `${field}.initContainers[${i}]`, ctx)));
  causes.push(...oneOf(`${field}.restartPolicy`, spec.restartPolicy, rules.restartPolicies ?? RESTART_POLICIES));
  causes.push(...oneOf(`${field}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  causes.push(...nonNegative(`${field}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds < 1) {
    causes.push(invalidValue(`${field}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  for (const key of ['hostname', 'subdomain'] as const) {
    const v = spec[key];
    if (v) for (const m of dns1123Label(v)) causes.push(invalidValue(`${field}.${key}`, v, m));
  }
  if (spec.serviceAccountName) {
    for (const m of dns1123Subdomain(spec.serviceAccountName)) causes.push(invalidValue(`${field}.serviceAccountName`, spec.serviceAccountName, m));
  }
  causes.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  (spec.tolerations ?? []).forEach((t, i) => {
    const at = `${field}.tolerations[${i}]`;
    causes.push(...oneOf(`${at}.operator`, t.operator, TOLERATION_OPERATORS));
    if (t.effect) causes.push(...oneOf(`${at}.effect`, t.effect, TAINT_EFFECTS));
    if (t.operator === 'Exists' && t.value) causes.push(invalidValue(`${at}.operator`, t.operator, 'value must be empty when `operator` is \'Exists\''));
    if (!t.key && t.operator !== 'Exists') causes.push(invalidValue(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  });
  (spec.topologySpreadConstraints ?? []).forEach((c, i) => {
    const at = `${field}.topologySpreadConstraints[${i}]`;
    if (c.maxSkew <= 0) causes.push(invalidValue(`${at}.maxSkew`, c.maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) causes.push(required(`${at}.topologyKey`, 'can not be empty'));
    causes.push(...oneOf(`${at}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
  });
  return causes;
}
