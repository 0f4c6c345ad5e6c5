/** core/v1 ServiceAccount. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { LocalObjectReference, ObjectReference, typeMeta } from './common/primitives.js';

export const ServiceAccount = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  secrets: z.array(ObjectReference).optional(),
  imagePullSecrets: z.array(LocalObjectReference).optional(),
  automountServiceAccountToken: z.boolean().optional(),
});
export type ServiceAccount = z.infer<typeof ServiceAccount>;
