/** Pure: the content of one downwardAPI file (fieldRef or resourceFieldRef), as the kubelet formats it. */
import { fieldRefValue } from '../env.js';
import type { Pod } from '../pod/pod-types.js';
import { parseQuantity } from '../quantity.js';

export interface DownwardItem {
  path: string;
  fieldRef?: { fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
  mode?: number;
}

/** What the node offers when a container sets no limit (Kubernetes: node allocatable). */
export interface NodeAllocatable { cpuCores: number; memoryBytes: number }

export type DownwardValue = { ok: true; value: string } | { ok: false; message: string };

/** Go's FormatMap: sorted `key="value"` lines, no trailing newline. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {}).sort().map((k) => `${k}=${JSON.stringify(map![k])}`).join('\n');
}

export function downwardValue(pod: Pod, item: DownwardItem, hostIP: string, node: NodeAllocatable): DownwardValue {
  if (item.fieldRef) {
    const fieldPath = item.fieldRef.fieldPath;
    if (fieldPath === 'metadata.labels') return { ok: true, value: formatMap(pod.metadata.labels) };
    if (fieldPath === 'metadata.annotations') return { ok: true, value: formatMap(pod.metadata.annotations) };
    return { ok: true, value: fieldRefValue(pod, fieldPath, hostIP) };
  }
  if (item.resourceFieldRef) return resourceValue(pod, item.resourceFieldRef, node);
  return { ok: false, message: `downwardAPI item "${item.path}" has neither fieldRef nor resourceFieldRef` };
}

function resourceValue(pod: Pod, ref: NonNullable<DownwardItem['resourceFieldRef']>, node: NodeAllocatable): DownwardValue {
  const container = ref.containerName ? pod.spec.containers.find((c) => c.name === ref.containerName) : pod.spec.containers[0];
  if (!container) return { ok: false, message: `resourceFieldRef names unknown container "${ref.containerName}"` };
  const [scope, resource] = ref.resource.split('.') as ['limits' | 'requests', string];
  if ((scope !== 'limits' && scope !== 'requests') || (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')) {
    return { ok: false, message: `unsupported resourceFieldRef resource "${ref.resource}"` };
  }
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const fallback = resource === 'cpu' ? node.cpuCores : resource === 'memory' ? node.memoryBytes : 0;
  // Kubernetes: an unset limit reads as node allocatable; an unset request as the limit, else 0.
  const text = scope === 'limits' ? limits[resource] : requests[resource] ?? limits[resource];
  const amount = text === undefined ? (scope === 'limits' ? fallback : 0) : parseQuantity(text) ?? 0;
  const divisor = ref.divisor === undefined ? 1 : parseQuantity(ref.divisor) ?? 1;
  // Rounded up, like the kubelet's ExtractContainerResourceValue (cpu 250m with divisor 1 → "1").
  return { ok: true, value: String(Math.ceil(amount / (divisor || 1))) };
}
