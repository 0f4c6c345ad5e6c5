/** Printers for cluster-level kinds: Namespace, Node, Lease (printers.go). */
import { ageCol, col, nameCol } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

export const namespacePrinter: Printer = {
  columns: [nameCol(), col('Status', 'The status of the namespace'), ageCol()],
  // The namespace strategy sets phase Active on create; an object without status reads as Active.
  cells: (o, now) => [o.metadata.name ?? '', o.status?.phase ?? 'Active', since(o.metadata.creationTimestamp, now)],
};

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted, unique. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_LABEL_PREFIX)) {
      const role = k.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === LEGACY_ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** "Ready", "NotReady", "Unknown", plus ",SchedulingDisabled" when cordoned. */
export function nodeStatus(conditions: Array<{ type: string; status: string }> | undefined, unschedulable: boolean): string {
  const status: string[] = [];
  // Upstream keeps the last condition of each type; only Ready is reported.
  const ready = [...(conditions ?? [])].reverse().find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(addresses: Array<{ type: string; address: string }> | undefined, type: string): string {
  return (addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    ageCol(),
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node.', { wide: true }),
    col('External-IP', 'List of addresses reachable to the node.', { wide: true }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { wide: true }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { wide: true }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { wide: true }),
  ],
  cells: (o, now) => {
    const info = o.status?.nodeInfo ?? {};
    return [
      o.metadata.name ?? '',
      nodeStatus(o.status?.conditions, o.spec?.unschedulable === true),
      nodeRoles(o.metadata.labels).join(',') || '<none>',
      since(o.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      nodeAddress(o.status?.addresses, 'InternalIP'),
      nodeAddress(o.status?.addresses, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const leasePrinter: Printer = {
  columns: [nameCol(), col('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageCol()],
  cells: (o, now) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', since(o.metadata.creationTimestamp, now)],
};
