/** core/v1 Volume: one name plus exactly one source, the common sources typed. */
import { z } from 'zod';
import { Int, StringMap } from './primitives.js';
import { Quantity } from './quantity.js';

export const KeyToPath = z.strictObject({ key: z.string(), path: z.string(), mode: Int.optional() });

const ConfigMapProjection = z.strictObject({
  name: z.string().optional(), items: z.array(KeyToPath).optional(), optional: z.boolean().optional(),
});

export const DownwardAPIVolumeFile = z.strictObject({
  path: z.string(),
  fieldRef: z.strictObject({ apiVersion: z.string().optional(), fieldPath: z.string() }).optional(),
  resourceFieldRef: z.strictObject({
    containerName: z.string().optional(), resource: z.string(), divisor: Quantity.optional(),
  }).optional(),
  mode: Int.optional(),
});

const DownwardAPIProjection = z.strictObject({ items: z.array(DownwardAPIVolumeFile).optional() });

export const VolumeProjection = z.strictObject({
  secret: ConfigMapProjection.optional(),
  configMap: ConfigMapProjection.optional(),
  downwardAPI: DownwardAPIProjection.optional(),
  serviceAccountToken: z.strictObject({
    audience: z.string().optional(), expirationSeconds: Int.optional(), path: z.string(),
  }).optional(),
  clusterTrustBundle: z.looseObject({}).optional(),
});

/** Every volume source key; validation checks that exactly one is set. */
export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'secret', 'configMap', 'persistentVolumeClaim', 'projected', 'downwardAPI',
  'nfs', 'csi', 'ephemeral', 'image', 'iscsi', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk',
  'azureFile', 'cephfs', 'rbd', 'fc', 'flexVolume', 'cinder', 'glusterfs', 'portworxVolume', 'gitRepo',
] as const;

// Rarely used cloud/legacy sources are accepted with their contents unchecked.
const opaqueSources = Object.fromEntries(
  VOLUME_SOURCES.slice(7).map((k) => [k, z.looseObject({}).optional()]),
) as Record<(typeof VOLUME_SOURCES)[number], z.ZodOptional<z.ZodObject>>;

export const Volume = z.strictObject({
  ...opaqueSources,
  name: z.string(),
  hostPath: z.strictObject({ path: z.string(), type: z.string().optional() }).optional(),
  emptyDir: z.strictObject({ medium: z.string().optional(), sizeLimit: Quantity.optional() }).optional(),
  secret: z.strictObject({
    secretName: z.string().optional(), items: z.array(KeyToPath).optional(),
    defaultMode: Int.optional(), optional: z.boolean().optional(),
  }).optional(),
  configMap: z.strictObject({
    name: z.string().optional(), items: z.array(KeyToPath).optional(),
    defaultMode: Int.optional(), optional: z.boolean().optional(),
  }).optional(),
  persistentVolumeClaim: z.strictObject({ claimName: z.string(), readOnly: z.boolean().optional() }).optional(),
  projected: z.strictObject({ sources: z.array(VolumeProjection).optional(), defaultMode: Int.optional() }).optional(),
  downwardAPI: z.strictObject({ items: z.array(DownwardAPIVolumeFile).optional(), defaultMode: Int.optional() }).optional(),
  nfs: z.strictObject({ server: z.string(), path: z.string(), readOnly: z.boolean().optional() }).optional(),
  csi: z.strictObject({
    driver: z.string(), readOnly: z.boolean().optional(), fsType: z.string().optional(),
    volumeAttributes: StringMap.optional(), nodePublishSecretRef: z.strictObject({ name: z.string().optional() }).optional(),
  }).optional(),
  image: z.strictObject({ reference: z.string().optional(), pullPolicy: z.string().optional() }).optional(),
});
export type Volume = z.infer<typeof Volume>;

