/** Status shapes of the apps/v1 workloads, loose but typed for controllers. */
import { z } from 'zod';
import { Condition, Int } from './common/primitives.js';

const counts = {
  observedGeneration: Int.optional(),
  replicas: Int.optional(),
  readyReplicas: Int.optional(),
  availableReplicas: Int.optional(),
  updatedReplicas: Int.optional(),
  conditions: z.array(Condition).optional(),
  collisionCount: Int.optional(),
};

export const DeploymentStatus = z.looseObject({ ...counts, unavailableReplicas: Int.optional(), terminatingReplicas: Int.optional() });
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

export const ReplicaSetStatus = z.looseObject({ ...counts, fullyLabeledReplicas: Int.optional(), terminatingReplicas: Int.optional() });
export type ReplicaSetStatus = z.infer<typeof ReplicaSetStatus>;

export const StatefulSetStatus = z.looseObject({
  ...counts, currentReplicas: Int.optional(), currentRevision: z.string().optional(), updateRevision: z.string().optional(),
});
export type StatefulSetStatus = z.infer<typeof StatefulSetStatus>;

export const DaemonSetStatus = z.looseObject({
  currentNumberScheduled: Int.optional(), numberMisscheduled: Int.optional(), desiredNumberScheduled: Int.optional(),
  numberReady: Int.optional(), observedGeneration: Int.optional(), updatedNumberScheduled: Int.optional(),
  numberAvailable: Int.optional(), numberUnavailable: Int.optional(), collisionCount: Int.optional(),
  conditions: z.array(Condition).optional(),
});
export type DaemonSetStatus = z.infer<typeof DaemonSetStatus>;
