/** core/v1 Pod. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { PodSpec } from './common/pod-spec.js';
import { Condition, Int, Time, typeMeta } from './common/primitives.js';

export const ContainerState = z.looseObject({
  waiting: z.looseObject({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  running: z.looseObject({ startedAt: Time.optional() }).optional(),
  terminated: z.looseObject({
    exitCode: Int, signal: Int.optional(), reason: z.string().optional(), message: z.string().optional(),
    startedAt: Time.optional(), finishedAt: Time.optional(), containerID: z.string().optional(),
  }).optional(),
});
export type ContainerState = z.infer<typeof ContainerState>;

export const ContainerStatus = z.looseObject({
  name: z.string(),
  state: ContainerState.optional(),
  lastState: ContainerState.optional(),
  // Optional here (upstream they are always serialized) so a partial agent report still lands.
  ready: z.boolean().optional(),
  restartCount: Int.optional(),
  image: z.string().optional(),
  imageID: z.string().optional(),
  containerID: z.string().optional(),
  started: z.boolean().optional(),
});
export type ContainerStatus = z.infer<typeof ContainerStatus>;

// Status is written by the agent; accepted loosely but typed for readers.
export const PodStatus = z.looseObject({
  phase: z.string().optional(),
  conditions: z.array(Condition).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  nominatedNodeName: z.string().optional(),
  hostIP: z.string().optional(),
  hostIPs: z.array(z.looseObject({ ip: z.string() })).optional(),
  podIP: z.string().optional(),
  podIPs: z.array(z.looseObject({ ip: z.string() })).optional(),
  startTime: Time.optional(),
  initContainerStatuses: z.array(ContainerStatus).optional(),
  containerStatuses: z.array(ContainerStatus).optional(),
  qosClass: z.string().optional(),
});
export type PodStatus = z.infer<typeof PodStatus>;

export const Pod = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: PodSpec.optional(),
  status: PodStatus.optional(),
});
export type Pod = z.infer<typeof Pod>;
