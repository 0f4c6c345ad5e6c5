/** apps/v1 Deployment. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodTemplateSpec } from './common/pod-spec.js';
import { Int, IntOrString, typeMeta } from './common/primitives.js';
import { LabelSelector } from './common/selector.js';
import { DeploymentStatus } from './workload-status.js';

export const RollingUpdateDeployment = z.strictObject({
  maxUnavailable: IntOrString.optional(),
  maxSurge: IntOrString.optional(),
});

export const DeploymentStrategy = z.strictObject({
  type: z.string().optional(),
  rollingUpdate: RollingUpdateDeployment.optional(),
});
export type DeploymentStrategy = z.infer<typeof DeploymentStrategy>;

export const DeploymentSpec = z.strictObject({
  replicas: Int.optional(),
  selector: LabelSelector.optional(),
  template: PodTemplateSpec.optional(),
  strategy: DeploymentStrategy.optional(),
  minReadySeconds: Int.optional(),
  revisionHistoryLimit: Int.optional(),
  paused: z.boolean().optional(),
  progressDeadlineSeconds: Int.optional(),
});
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

export const Deployment = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: DeploymentSpec.optional(),
  status: DeploymentStatus.optional(),
});
export type Deployment = z.infer<typeof Deployment>;
