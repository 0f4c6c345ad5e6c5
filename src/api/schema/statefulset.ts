/** apps/v1 StatefulSet. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodTemplateSpec } from './common/pod-spec.js';
import { Int, IntOrString, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';
import { PersistentVolumeClaimSpec, PersistentVolumeClaimStatus } from './persistentvolumeclaim.js';
import { StatefulSetStatus } from './workload-status.js';

export const StatefulSetUpdateStrategy = z.strictObject({
  type: z.string().optional(),
  rollingUpdate: z.strictObject({ partition: Int.optional(), maxUnavailable: IntOrString.optional() }).optional(),
});

// volumeClaimTemplates are PVCs minus kind/apiVersion requirements.
const ClaimTemplate = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMeta.optional(),
  spec: PersistentVolumeClaimSpec.optional(),
  status: PersistentVolumeClaimStatus.optional(),
});

export const StatefulSetSpec = z.strictObject({
  replicas: Int.optional(),
  selector: LabelSelector.optional(),
  template: PodTemplateSpec.optional(),
  volumeClaimTemplates: z.array(ClaimTemplate).optional(),
  serviceName: z.string().optional(),
  podManagementPolicy: z.string().optional(),
  updateStrategy: StatefulSetUpdateStrategy.optional(),
  revisionHistoryLimit: Int.optional(),
  minReadySeconds: Int.optional(),
  persistentVolumeClaimRetentionPolicy: z.strictObject({
    whenDeleted: z.string().optional(), whenScaled: z.string().optional(),
  }).optional(),
  ordinals: z.strictObject({ start: Int.optional() }).optional(),
});
export type StatefulSetSpec = z.infer<typeof StatefulSetSpec>;

export const StatefulSet = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: StatefulSetSpec.optional(),
  status: StatefulSetStatus.optional(),
});
export type StatefulSet = z.infer<typeof StatefulSet>;
