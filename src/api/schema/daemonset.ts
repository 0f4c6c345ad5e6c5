/** apps/v1 DaemonSet. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodTemplateSpec } from './common/pod-spec.js';
import { Int, IntOrString, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';
import { DaemonSetStatus } from './workload-status.js';

export const DaemonSetUpdateStrategy = z.strictObject({
  type: z.string().optional(),
  rollingUpdate: z.strictObject({
    maxUnavailable: IntOrString.optional(),
    maxSurge: IntOrString.optional(),
  }).optional(),
});

export const DaemonSetSpec = z.strictObject({
  selector: LabelSelector.optional(),
  template: PodTemplateSpec.optional(),
  updateStrategy: DaemonSetUpdateStrategy.optional(),
  minReadySeconds: Int.optional(),
  revisionHistoryLimit: Int.optional(),
});
export type DaemonSetSpec = z.infer<typeof DaemonSetSpec>;

export const DaemonSet = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: DaemonSetSpec.optional(),
  status: DaemonSetStatus.optional(),
});
export type DaemonSet = z.infer<typeof DaemonSet>;
