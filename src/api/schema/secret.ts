/** core/v1 Secret. `data` values are base64; `stringData` is merged into `data` on write. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { StringMap, typeMeta } from './common/primitives.js';

export const Secret = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  immutable: z.boolean().optional(),
  data: StringMap.optional(),
  stringData: StringMap.optional(),
  type: z.string().optional(),
});
export type Secret = z.infer<typeof Secret>;
