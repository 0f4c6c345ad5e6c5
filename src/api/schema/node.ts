/** core/v1 Node. The agent owns status, which is kept as written. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Condition, StringList, Time, typeMeta } from './common/primitives.js';
import { ResourceList } from './common/quantity.js';

export const Taint = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.string(),
  timeAdded: Time.optional(),
});
export type Taint = z.infer<typeof Taint>;

export const NodeSpec = z.strictObject({
  podCIDR: z.string().optional(),
  podCIDRs: StringList.optional(),
  providerID: z.string().optional(),
  unschedulable: z.boolean().optional(),
  taints: z.array(Taint).optional(),
  configSource: z.looseObject({}).optional(),
  externalID: z.string().optional(),
});
export type NodeSpec = z.infer<typeof NodeSpec>;

export const NodeStatus = z.looseObject({
  capacity: ResourceList.optional(),
  allocatable: ResourceList.optional(),
  phase: z.string().optional(),
  conditions: z.array(Condition).optional(),
  addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional(),
  daemonEndpoints: z.looseObject({}).optional(),
  nodeInfo: z.looseObject({}).optional(),
  images: z.array(z.looseObject({})).optional(),
});
export type NodeStatus = z.infer<typeof NodeStatus>;

export const Node = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: NodeSpec.optional(),
  status: NodeStatus.optional(),
});
export type Node = z.infer<typeof Node>;
