/** storage.k8s.io/v1 StorageClass. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { StringList, StringMap, typeMeta } from './common/primitives.js';

export const StorageClass = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  provisioner: z.string().optional(),
  parameters: StringMap.optional(),
  reclaimPolicy: z.string().optional(),
  mountOptions: StringList.optional(),
  allowVolumeExpansion: z.boolean().optional(),
  volumeBindingMode: z.string().optional(),
  allowedTopologies: z.array(z.looseObject({})).optional(),
});
export type StorageClass = z.infer<typeof StorageClass>;
