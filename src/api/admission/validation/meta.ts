/** ObjectMeta, label and selector validation shared by every kind. */
import type { LabelSelector } from '../../schema/common/selector.js';
import type { ObjectMeta } from '../../schema/common/meta.js';
import { type FieldCause, forbidden, immutable, invalidValue, notSupported, required } from '../field-errors.js';
import { dns1123Label, labelValue, qualifiedName } from './names.js';

export type NameCheck = (name: string) => string[];

export interface MetaRules {
  namespaced: boolean;
  nameCheck: NameCheck;
}

export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const m of qualifiedName(key)) causes.push(invalidValue(field, key, m));
    for (const m of labelValue(value)) causes.push(invalidValue(field, value, m));
  }
  return causes;
}

export function validateAnnotationKeys(annotations: Record<string, string> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const m of qualifiedName(key.toLowerCase())) causes.push(invalidValue(field, key, m));
    total += key.length + value.length;
  }
  // 256 KiB across all annotations (TotalAnnotationSizeLimitB).
  if (total > 256 * 1024) causes.push({ reason: 'FieldValueTooLong', field, message: 'Too long: must have at most 262144 bytes' });
  return causes;
}

export function validateObjectMeta(meta: ObjectMeta, rules: MetaRules): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!meta.name) {
    if (!meta.generateName) causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const m of rules.nameCheck(meta.name)) causes.push(invalidValue('metadata.name', meta.name, m));
  }
  if (rules.namespaced) {
    if (meta.namespace) for (const m of dns1123Label(meta.namespace)) causes.push(invalidValue('metadata.namespace', meta.namespace, m));
  } else if (meta.namespace) {
    causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  causes.push(...validateLabels(meta.labels, 'metadata.labels'));
  causes.push(...validateAnnotationKeys(meta.annotations, 'metadata.annotations'));
  if (meta.generation !== undefined && meta.generation < 0) {
    causes.push(invalidValue('metadata.generation', meta.generation, 'must be greater than or equal to 0'));
  }
  return causes;
}

/** Identity fields never change; the apiserver fills uid/namespace before calling admit. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): FieldCause[] {
  const causes: FieldCause[] = [];
  if (meta.name !== old.name) causes.push(immutable('metadata.name', meta.name ?? ''));
  if ((meta.namespace ?? '') !== (old.namespace ?? '')) causes.push(immutable('metadata.namespace', meta.namespace ?? ''));
  if (meta.uid && old.uid && meta.uid !== old.uid) causes.push(immutable('metadata.uid', meta.uid));
  return causes;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function validateLabelSelector(selector: LabelSelector, field: string): FieldCause[] {
  const causes = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    for (const m of qualifiedName(req.key)) causes.push(invalidValue(`${at}.key`, req.key, m));
    if (!(OPERATORS as readonly string[]).includes(req.operator)) {
      causes.push(notSupported(`${at}.operator`, req.operator, OPERATORS));
    } else if ((req.operator === 'In' || req.operator === 'NotIn') && !req.values?.length) {
      causes.push(required(`${at}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && req.values?.length) {
      causes.push(forbidden(`${at}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    }
  });
  return causes;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Whether a label selector selects a set of labels (metav1.LabelSelectorAsSelector semantics). */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const inValues = has && (req.values ?? []).includes(labels[req.key]);
    if (req.operator === 'In' && !inValues) return false;
    if (req.operator === 'NotIn' && inValues) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
