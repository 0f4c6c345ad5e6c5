/** metav1.ObjectMeta and its parts. */
import { z } from 'zod';
import { Int, StringMap, Time } from './primitives.js';

export const OwnerReference = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReference>;

export const ObjectMeta = z.strictObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  selfLink: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: Int.optional(),
  creationTimestamp: Time.optional().nullable(),
  deletionTimestamp: Time.optional(),
  deletionGracePeriodSeconds: Int.optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  ownerReferences: z.array(OwnerReference).optional(),
  finalizers: z.array(z.string()).optional(),
  // Server-side apply bookkeeping; stored as given.
  managedFields: z.array(z.looseObject({})).optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMeta>;
