/** apps/v1 ReplicaSet. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodTemplateSpec } from './common/pod-spec.js';
import { Int, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';
import { ReplicaSetStatus } from './workload-status.js';

export const ReplicaSetSpec = z.strictObject({
  replicas: Int.optional(),
  minReadySeconds: Int.optional(),
  selector: LabelSelector.optional(),
  template: PodTemplateSpec.optional(),
});
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpec>;

export const ReplicaSet = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: ReplicaSetSpec.optional(),
  status: ReplicaSetStatus.optional(),
});
export type ReplicaSet = z.infer<typeof ReplicaSet>;
