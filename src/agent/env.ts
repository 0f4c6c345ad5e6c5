/**
 * Resolves a container's environment: literal values, fieldRef, configMapKeyRef,
 * secretKeyRef and envFrom. A missing non-optional ConfigMap/Secret/key is an expected
 * outcome (CreateContainerConfigError), returned as a value with the kubelet's message.
 */
import type { KubeObject } from '../api/types.js';
import type { Container, Pod } from './pod/pod-types.js';

export type ConfigLookup = (kind: 'ConfigMap' | 'Secret', namespace: string, name: string) => Promise<KubeObject | undefined>;

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

function dataOf(object: KubeObject, kind: 'ConfigMap' | 'Secret'): Record<string, string> {
  if (kind === 'ConfigMap') return { ...((object.binaryData as Record<string, string>) ?? {}), ...((object.data as Record<string, string>) ?? {}) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((object.data as Record<string, string>) ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((object.stringData as Record<string, string>) ?? {})) out[k] = v;
  return out;
}

/** metadata.name, metadata.labels['app'], spec.nodeName, status.podIP … */
export function fieldRefValue(pod: Pod, path: string, hostIP: string): string {
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelMatch) return pod.metadata[labelMatch[1] as 'labels' | 'annotations']?.[labelMatch[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return String((pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default');
    case 'status.podIP': case 'status.hostIP': return hostIP;
    default: return '';
  }
}

export async function resolveEnv(pod: Pod, container: Container, lookup: ConfigLookup, hostIP: string): Promise<EnvResult> {
  const namespace = pod.metadata.namespace ?? 'default';
  const cache = new Map<string, KubeObject | undefined>();
  const get = async (kind: 'ConfigMap' | 'Secret', name: string) => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) cache.set(key, await lookup(kind, namespace, name));
    return cache.get(key);
  };
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ? { kind: 'ConfigMap' as const, ...source.configMapRef } : source.secretRef ? { kind: 'Secret' as const, ...source.secretRef } : undefined;
    if (!ref) continue;
    const object = await get(ref.kind, ref.name);
    if (!object) {
      if (ref.optional) continue;
      return { ok: false, message: `${ref.kind.toLowerCase()} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(dataOf(object, ref.kind))) env[`${source.prefix ?? ''}${k}`] = v;
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined || !variable.valueFrom) { env[variable.name] = expand(variable.value ?? '', env); continue; }
    const from = variable.valueFrom;
    if (from.fieldRef) { env[variable.name] = fieldRefValue(pod, from.fieldRef.fieldPath, hostIP); continue; }
    const ref = from.configMapKeyRef ? { kind: 'ConfigMap' as const, ...from.configMapKeyRef } : from.secretKeyRef ? { kind: 'Secret' as const, ...from.secretKeyRef } : undefined;
    if (!ref) continue;
    const object = await get(ref.kind, ref.name);
    const value = object ? dataOf(object, ref.kind)[ref.key] : undefined;
    if (value === undefined) {
      if (ref.optional) continue;
      return { ok: false, message: object ? `couldn't find key ${ref.key} in ${ref.kind} ${namespace}/${ref.name}` : `${ref.kind.toLowerCase()} "${ref.name}" not found` };
    }
    env[variable.name] = value;
  }
  return { ok: true, env };
}

/** $(VAR) references to earlier variables, as Kubernetes expands them; $$ escapes. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && env[name] !== undefined ? env[name] : match;
  });
}
