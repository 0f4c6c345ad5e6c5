/** apps/v1 workload validation: selectors, templates, replicas and rollout strategies. */
import { isDeepStrictEqual } from 'node:util';
import type { DaemonSet } from '../../schema/daemonset.js';
import type { Deployment } from '../../schema/deployment.js';
import type { ReplicaSet } from '../../schema/replicaset.js';
import type { StatefulSet } from '../../schema/statefulset.js';
import type { LabelSelector } from '../../schema/common/selector.js';
import type { PodTemplateSpec } from '../../schema/common/pod-spec.js';
import { type FieldCause, forbidden, immutable, invalidValue, nonNegative, oneOf, required } from '../field-errors.js';
import { isEmptySelector, selectorMatches, validateLabels, validateLabelSelector } from './meta.js';
import { validatePodSpec } from './pod-spec.js';
import { validateIntOrPercent } from './percent.js';

/** Selector present, non-empty, well-formed, and selecting the template's labels. */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined, template: PodTemplateSpec | undefined,
  opts: { kind: string; restartPolicies?: readonly string[]; selectorOptional?: boolean; extraVolumeNames?: string[] },
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!selector) {
    if (!opts.selectorOptional) causes.push(required('spec.selector'));
  }
  else if (isEmptySelector(selector)) causes.push(invalidValue('spec.selector', selector, `empty selector is invalid for ${opts.kind}`));
  else causes.push(...validateLabelSelector(selector, 'spec.selector'));
  if (!template) return [...causes, required('spec.template')];
  const labels = template.metadata?.labels ?? {};
  causes.push(...validateLabels(labels, 'spec.template.metadata.labels'));
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, labels)) {
    causes.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodSpec(template.spec ?? {}, 'spec.template.spec', {
    restartPolicies: opts.restartPolicies ?? ['Always'], extraVolumeNames: opts.extraVolumeNames,
  }));
  return causes;
}

export function validateSelectorUnchanged(selector: LabelSelector | undefined, old: LabelSelector | undefined): FieldCause[] {
  return isDeepStrictEqual(selector ?? null, old ?? null) ? [] : [immutable('spec.selector', selector ?? {})];
}

export function validateDeployment(d: Deployment): FieldCause[] {
  const spec = d.spec ?? {};
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, { kind: 'deployment' });
  causes.push(...nonNegative('spec.replicas', spec.replicas));
  causes.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  causes.push(...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  const strategy = spec.strategy ?? {};
  causes.push(...oneOf('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate) {
    causes.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  }
  const ru = strategy.rollingUpdate;
  if (ru && strategy.type === 'RollingUpdate') {
    causes.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
    causes.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', { max100: true }));
    if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
      causes.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
    causes.push(invalidValue('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return causes;
}

function isZero(v: number | string | undefined): boolean {
  return v === 0 || v === '0%' || v === undefined;
}

export function validateReplicaSet(rs: ReplicaSet): FieldCause[] {
  const spec = rs.spec ?? {};
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, { kind: 'replicaset' });
  causes.push(...nonNegative('spec.replicas', spec.replicas));
  causes.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  return causes;
}

export function validateDaemonSet(ds: DaemonSet): FieldCause[] {
  const spec = ds.spec ?? {};
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, { kind: 'daemonset' });
  const strategy = spec.updateStrategy ?? {};
  causes.push(...oneOf('spec.updateStrategy.type', strategy.type, ['OnDelete', 'RollingUpdate']));
  const ru = strategy.rollingUpdate;
  if (ru && strategy.type === 'RollingUpdate') {
    causes.push(...validateIntOrPercent(ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge'));
    causes.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable', { max100: true }));
    if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
      causes.push(invalidValue('spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  return causes;
}

export function validateStatefulSet(sts: StatefulSet): FieldCause[] {
  const spec = sts.spec ?? {};
  const claimNames = (spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? '');
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, { kind: 'statefulset', extraVolumeNames: claimNames });
  causes.push(...nonNegative('spec.replicas', spec.replicas));
  causes.push(...oneOf('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  causes.push(...oneOf('spec.updateStrategy.type', spec.updateStrategy?.type, ['OnDelete', 'RollingUpdate']));
  causes.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', spec.updateStrategy?.rollingUpdate?.partition));
  return causes;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

export function validateStatefulSetUpdate(sts: StatefulSet, old: StatefulSet): FieldCause[] {
  const strip = (s: StatefulSet['spec']): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...(s ?? {}) };
    for (const k of STS_MUTABLE) delete copy[k];
    return JSON.parse(JSON.stringify(copy)) as Record<string, unknown>;
  };
  if (isDeepStrictEqual(strip(sts.spec), strip(old.spec))) return [];
  return [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}
