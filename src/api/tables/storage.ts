/** Printers for PersistentVolume, PersistentVolumeClaim and StorageClass (printers.go). */
import type { KubeObject } from '../types.js';
import { ageCol, col, nameCol } from './columns.js';
import { since } from './duration.js';
import { accessModes } from './format.js';
import type { Printer } from './types.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** helper.GetPersistentVolume(Claim)Class: the beta annotation wins over spec.storageClassName. */
function storageClassOf(o: KubeObject): string {
  return o.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? o.spec?.storageClassName ?? '';
}

const volumeMode = (o: KubeObject): string => o.spec?.volumeMode ?? '<unset>';
const attributesClass = (o: KubeObject): string => o.spec?.volumeAttributesClassName ?? '<unset>';
const phaseOf = (o: KubeObject): string => (o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '');

export const persistentVolumePrinter: Printer = {
  columns: [
    nameCol(),
    col('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageCol(),
    col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', { wide: true }),
  ],
  cells: (o, now) => {
    const claim = o.spec?.claimRef ? `${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name ?? ''}` : '';
    return [
      o.metadata.name ?? '',
      o.spec?.capacity?.storage ?? '0',
      accessModes(o.spec?.accessModes),
      o.spec?.persistentVolumeReclaimPolicy ?? '',
      phaseOf(o),
      claim,
      storageClassOf(o),
      attributesClass(o),
      o.status?.reason ?? '',
      since(o.metadata.creationTimestamp, now),
      volumeMode(o),
    ];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageCol(),
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { wide: true }),
  ],
  cells: (o, now) => {
    // Capacity and access modes are only meaningful once the claim is bound to a volume.
    const bound = Boolean(o.spec?.volumeName);
    return [
      o.metadata.name ?? '',
      phaseOf(o),
      o.spec?.volumeName ?? '',
      bound ? o.status?.capacity?.storage ?? '0' : '',
      bound ? accessModes(o.status?.accessModes) : '',
      storageClassOf(o),
      attributesClass(o),
      since(o.metadata.creationTimestamp, now),
      volumeMode(o),
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [
    nameCol(),
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageCol(),
  ],
  cells: (o, now) => {
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => o.metadata.annotations?.[a] === 'true');
    // StorageClass fields sit at the top level, not under spec.
    return [
      isDefault ? `${o.metadata.name ?? ''} (default)` : o.metadata.name ?? '',
      o.provisioner ?? '',
      o.reclaimPolicy ?? 'Delete',
      o.volumeBindingMode ?? 'Immediate',
      o.allowVolumeExpansion === true,
      since(o.metadata.creationTimestamp, now),
    ];
  },
};
