/** coordination.k8s.io/v1 Lease. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Int, Time, typeMeta } from './common/primitives.js';

export const LeaseSpec = z.strictObject({
  holderIdentity: z.string().optional(),
  leaseDurationSeconds: Int.optional(),
  acquireTime: Time.optional(),
  renewTime: Time.optional(),
  leaseTransitions: Int.optional(),
  strategy: z.string().optional(),
  preferredHolder: z.string().optional(),
});

export const Lease = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: LeaseSpec.optional(),
});
export type Lease = z.infer<typeof Lease>;
