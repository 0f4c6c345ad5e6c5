/** batch/v1 Job. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodTemplateSpec } from './common/pod-spec.js';
import { Condition, Int, Time, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';

const PodFailurePolicyRule = z.strictObject({
  action: z.string(),
  onExitCodes: z.strictObject({
    containerName: z.string().optional(), operator: z.string(), values: z.array(Int),
  }).optional(),
  onPodConditions: z.array(z.strictObject({ type: z.string(), status: z.string().optional() })).optional(),
});

export const JobSpec = z.strictObject({
  parallelism: Int.optional(),
  completions: Int.optional(),
  activeDeadlineSeconds: Int.optional(),
  podFailurePolicy: z.strictObject({ rules: z.array(PodFailurePolicyRule) }).optional(),
  successPolicy: z.looseObject({}).optional(),
  backoffLimit: Int.optional(),
  backoffLimitPerIndex: Int.optional(),
  maxFailedIndexes: Int.optional(),
  selector: LabelSelector.optional(),
  manualSelector: z.boolean().optional(),
  template: PodTemplateSpec.optional(),
  ttlSecondsAfterFinished: Int.optional(),
  completionMode: z.string().optional(),
  suspend: z.boolean().optional(),
  podReplacementPolicy: z.string().optional(),
  managedBy: z.string().optional(),
});
export type JobSpec = z.infer<typeof JobSpec>;

export const JobStatus = z.looseObject({
  conditions: z.array(Condition).optional(),
  startTime: Time.optional(),
  completionTime: Time.optional(),
  active: Int.optional(),
  succeeded: Int.optional(),
  failed: Int.optional(),
  terminating: Int.optional(),
  ready: Int.optional(),
  completedIndexes: z.string().optional(),
  failedIndexes: z.string().optional(),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: JobSpec.optional(),
  status: JobStatus.optional(),
});
export type Job = z.infer<typeof Job>;
