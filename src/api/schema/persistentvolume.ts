/** core/v1 PersistentVolume. Only hostPath/local/nfs/csi sources are typed. */
import { z } from 'zod';
import { NodeSelector } from './common/affinity.js';
import { ObjectMeta } from './common/meta.js';
import { ObjectReference, StringList, StringMap, typeMeta } from './common/primitives.js';
import { ResourceList } from './common/quantity.js';

export const PersistentVolumeSpec = z.strictObject({
  capacity: ResourceList.optional(),
  accessModes: StringList.optional(),
  claimRef: ObjectReference.optional(),
  persistentVolumeReclaimPolicy: z.string().optional(),
  storageClassName: z.string().optional(),
  mountOptions: StringList.optional(),
  volumeMode: z.string().optional(),
  nodeAffinity: z.strictObject({ required: NodeSelector.optional() }).optional(),
  volumeAttributesClassName: z.string().optional(),
  hostPath: z.strictObject({ path: z.string(), type: z.string().optional() }).optional(),
  local: z.strictObject({ path: z.string(), fsType: z.string().optional() }).optional(),
  nfs: z.strictObject({ server: z.string(), path: z.string(), readOnly: z.boolean().optional() }).optional(),
  csi: z.looseObject({
    driver: z.string(), volumeHandle: z.string(), readOnly: z.boolean().optional(),
    fsType: z.string().optional(), volumeAttributes: StringMap.optional(),
  }).optional(),
});
export type PersistentVolumeSpec = z.infer<typeof PersistentVolumeSpec>;

export const PersistentVolume = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: PersistentVolumeSpec.optional(),
  status: z.looseObject({ phase: z.string().optional(), message: z.string().optional(), reason: z.string().optional() }).optional(),
});
export type PersistentVolume = z.infer<typeof PersistentVolume>;
