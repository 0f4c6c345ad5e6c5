/** batch/v1 Job validation. */
import { isDeepStrictEqual } from 'node:util';
import type { Job } from '../../schema/job.js';
import { type FieldCause, immutable, nonNegative, oneOf } from '../field-errors.js';
import { validateSelectorAndTemplate, validateSelectorUnchanged } from './workloads.js';
import { stripUndefined } from './pod.js';

export function validateJob(job: Job): FieldCause[] {
  const spec = job.spec ?? {};
  // Without a uid the selector cannot be generated yet (see defaults), so it may be absent.
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, {
    kind: 'job', restartPolicies: ['OnFailure', 'Never'], selectorOptional: true,
  });
  causes.push(...nonNegative('spec.parallelism', spec.parallelism));
  causes.push(...nonNegative('spec.completions', spec.completions));
  causes.push(...nonNegative('spec.backoffLimit', spec.backoffLimit));
  causes.push(...nonNegative('spec.ttlSecondsAfterFinished', spec.ttlSecondsAfterFinished));
  causes.push(...oneOf('spec.completionMode', spec.completionMode, ['NonIndexed', 'Indexed']));
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.completions', message: 'Required value: when completion mode is Indexed' });
  }
  return causes;
}

export function validateJobUpdate(job: Job, old: Job): FieldCause[] {
  const causes = validateSelectorUnchanged(job.spec?.selector, old.spec?.selector);
  if (!isDeepStrictEqual(stripUndefined(job.spec?.template), stripUndefined(old.spec?.template))) {
    causes.push(immutable('spec.template', job.spec?.template ?? {}));
  }
  if (old.spec?.completionMode !== job.spec?.completionMode) causes.push(immutable('spec.completionMode', job.spec?.completionMode ?? ''));
  return causes;
}
