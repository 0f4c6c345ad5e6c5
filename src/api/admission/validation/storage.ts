/** PersistentVolumeClaim, PersistentVolume and StorageClass validation. */
import { isDeepStrictEqual } from 'node:util';
import type { PersistentVolume } from '../../schema/persistentvolume.js';
import type { PersistentVolumeClaim } from '../../schema/persistentvolumeclaim.js';
import type { StorageClass } from '../../schema/storageclass.js';
import { parseQuantity } from '../../schema/common/quantity.js';
import { type FieldCause, forbidden, immutable, invalidValue, notSupported, oneOf, required } from '../field-errors.js';
import { validateLabelSelector } from './meta.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] as const;
const VOLUME_MODES = ['Block', 'Filesystem'] as const;
const PV_SOURCES = ['hostPath', 'local', 'nfs', 'csi'] as const;

function validateAccessModes(modes: string[] | undefined, field: string): FieldCause[] {
  if (!modes?.length) return [required(field, 'at least 1 access mode is required')];
  return modes.filter((m) => !(ACCESS_MODES as readonly string[]).includes(m)).map((m) => notSupported(field, m, ACCESS_MODES));
}

function validateStorage(q: string | number | undefined, field: string): FieldCause[] {
  if (q === undefined) return [required(field)];
  const value = parseQuantity(q);
  if (value === undefined) return [invalidValue(field, q, 'must be a valid quantity')];
  return value <= 0 ? [invalidValue(field, q, 'must be greater than zero')] : [];
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldCause[] {
  const spec = pvc.spec ?? {};
  const causes = validateAccessModes(spec.accessModes, 'spec.accessModes');
  causes.push(...validateStorage(spec.resources?.requests?.storage, 'spec.resources[storage]'));
  causes.push(...oneOf('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  if (spec.selector) causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  return causes;
}

export function validatePersistentVolumeClaimUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldCause[] {
  const frozen = (p: PersistentVolumeClaim): unknown => {
    const spec = JSON.parse(JSON.stringify(p.spec ?? {})) as Record<string, unknown>;
    delete spec.resources;
    delete spec.volumeAttributesClassName;
    // The binder fills volumeName once; setting it from empty is allowed.
    if (!old.spec?.volumeName) delete spec.volumeName;
    // The default class is assigned retroactively to a claim created without one (as Kubernetes 1.28+).
    if (old.spec?.storageClassName === undefined) delete spec.storageClassName;
    return spec;
  };
  const causes: FieldCause[] = [];
  if (!isDeepStrictEqual(frozen(pvc), frozen(old))) {
    causes.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  // Volumes grow, never shrink.
  const next = parseQuantity(pvc.spec?.resources?.requests?.storage ?? 0);
  const before = parseQuantity(old.spec?.resources?.requests?.storage ?? 0);
  if (next !== undefined && before !== undefined && next < before) {
    causes.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  }
  return causes;
}

export function validatePersistentVolume(pv: PersistentVolume): FieldCause[] {
  const spec = pv.spec ?? {};
  const causes = validateAccessModes(spec.accessModes, 'spec.accessModes');
  causes.push(...validateStorage(spec.capacity?.storage, 'spec.capacity[storage]'));
  causes.push(...oneOf('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  causes.push(...oneOf('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain']));
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined).length;
  if (sources === 0) causes.push(required('spec', 'must specify a volume type'));
  if (sources > 1) causes.push(forbidden('spec', 'may not specify more than 1 volume type'));
  return causes;
}

export function validateStorageClass(sc: StorageClass): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!sc.provisioner) causes.push(required('provisioner'));
  causes.push(...oneOf('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
  causes.push(...oneOf('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  return causes;
}

export function validateStorageClassUpdate(sc: StorageClass, old: StorageClass): FieldCause[] {
  const causes: FieldCause[] = [];
  if (sc.provisioner !== old.provisioner) causes.push(immutable('provisioner', sc.provisioner ?? ''));
  if (!isDeepStrictEqual(sc.parameters ?? {}, old.parameters ?? {})) causes.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.reclaimPolicy !== old.reclaimPolicy) causes.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (sc.volumeBindingMode !== old.volumeBindingMode) causes.push(forbidden('volumeBindingMode', 'field is immutable'));
  return causes;
}
