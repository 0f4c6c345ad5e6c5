/** core/v1 ConfigMap. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { StringMap, typeMeta } from './common/primitives.js';

export const ConfigMap = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  immutable: z.boolean().optional(),
  data: StringMap.optional(),
  binaryData: StringMap.optional(),
});
export type ConfigMap = z.infer<typeof ConfigMap>;
