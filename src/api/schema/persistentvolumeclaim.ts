/** core/v1 PersistentVolumeClaim. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Condition, StringList, typeMeta } from './common/primitives.js';
import { ResourceList } from './common/quantity.js';
import { LabelSelector } from './common/selector.js';

const TypedReference = z.strictObject({
  apiGroup: z.string().optional(), kind: z.string(), name: z.string(), namespace: z.string().optional(),
});

export const PersistentVolumeClaimSpec = z.strictObject({
  accessModes: StringList.optional(),
  selector: LabelSelector.optional(),
  resources: z.strictObject({ limits: ResourceList.optional(), requests: ResourceList.optional() }).optional(),
  volumeName: z.string().optional(),
  storageClassName: z.string().optional(),
  volumeMode: z.string().optional(),
  dataSource: TypedReference.optional(),
  dataSourceRef: TypedReference.optional(),
  volumeAttributesClassName: z.string().optional(),
});
export type PersistentVolumeClaimSpec = z.infer<typeof PersistentVolumeClaimSpec>;

export const PersistentVolumeClaimStatus = z.looseObject({
  phase: z.string().optional(),
  accessModes: StringList.optional(),
  capacity: ResourceList.optional(),
  conditions: z.array(Condition).optional(),
});

export const PersistentVolumeClaim = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: PersistentVolumeClaimSpec.optional(),
  status: PersistentVolumeClaimStatus.optional(),
});
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaim>;
