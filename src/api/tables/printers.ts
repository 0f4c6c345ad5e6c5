/** Which printer renders which kind; kinds without one get Name/Age. */
import { ageCol, nameCol } from './columns.js';
import { leasePrinter, namespacePrinter, nodePrinter } from './cluster.js';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config.js';
import { since } from './duration.js';
import { eventPrinter } from './event.js';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.js';
import { podPrinter } from './pod.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage.js';
import { roleBindingPrinter, rolePrinter } from './rbac.js';
import type { Printer } from './types.js';
import { daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads.js';

/** Keyed by "group/Kind" ('' group for core), so a same-named kind in another group is not misprinted. */
const PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/Pod', podPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Namespace', namespacePrinter],
  ['/Node', nodePrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Event', eventPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['batch/Job', jobPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['rbac.authorization.k8s.io/Role', rolePrinter],
  ['rbac.authorization.k8s.io/ClusterRole', rolePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', roleBindingPrinter],
]);

/** Name and Age, what upstream shows for kinds without a printer (as for CRDs without columns). */
export const genericPrinter: Printer = {
  columns: [nameCol(), ageCol()],
  cells: (o, now) => [o.metadata.name ?? '', since(o.metadata.creationTimestamp, now)],
};

export function printerFor(group: string, kind: string): Printer {
  return PRINTERS.get(`${group}/${kind}`) ?? genericPrinter;
}
