/** core/v1 Namespace. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Condition, StringList, typeMeta } from './common/primitives.js';

export const Namespace = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: z.strictObject({ finalizers: StringList.optional() }).optional(),
  status: z.looseObject({ phase: z.string().optional(), conditions: z.array(Condition).optional() }).optional(),
});
export type Namespace = z.infer<typeof Namespace>;
