/**
 * Pure: which API objects a pod's content volumes read, and their data as bytes. The shell
 * fetches exactly these objects, then hands them to planPayload.
 */
import type { KubeObject } from '../../api/types.js';
import type { Pod } from '../pod/pod-types.js';
import type { PodVolume } from './classify.js';

export type SourceKind = 'ConfigMap' | 'Secret';

export interface SourceRef { kind: SourceKind; name: string }

/** Fetched objects by `${kind}/${name}`; a key present with undefined means "not found". */
export type SourceObjects = Map<string, KubeObject | undefined>;

export function sourceKey(ref: SourceRef): string {
  return `${ref.kind}/${ref.name}`;
}

/** The Secret that holds a ServiceAccount's token (created by the serviceaccount-token controller). */
export function serviceAccountTokenSecret(pod: Pod): string {
  const spec = pod.spec as { serviceAccountName?: string };
  return `${spec.serviceAccountName || 'default'}-token`;
}

export function referencedSources(pod: Pod, volume: PodVolume): SourceRef[] {
  const v = volume as Record<string, any>;
  const refs: SourceRef[] = [];
  if (v.configMap?.name) refs.push({ kind: 'ConfigMap', name: v.configMap.name });
  if (v.secret?.secretName) refs.push({ kind: 'Secret', name: v.secret.secretName });
  for (const s of v.projected?.sources ?? []) {
    if (s.configMap?.name) refs.push({ kind: 'ConfigMap', name: s.configMap.name });
    if (s.secret?.name) refs.push({ kind: 'Secret', name: s.secret.name });
    if (s.serviceAccountToken) refs.push({ kind: 'Secret', name: serviceAccountTokenSecret(pod) });
  }
  return refs;
}

/** A ConfigMap's or Secret's entries as bytes: Secret data and ConfigMap binaryData are base64. */
export function sourceData(object: KubeObject, kind: SourceKind): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const o = object as Record<string, unknown>;
  const data = (o.data as Record<string, string> | undefined) ?? {};
  if (kind === 'ConfigMap') {
    for (const [k, v] of Object.entries((o.binaryData as Record<string, string> | undefined) ?? {})) out.set(k, Buffer.from(v, 'base64'));
    for (const [k, v] of Object.entries(data)) out.set(k, Buffer.from(v, 'utf8'));
  } else {
    for (const [k, v] of Object.entries(data)) out.set(k, Buffer.from(v, 'base64'));
    for (const [k, v] of Object.entries((o.stringData as Record<string, string> | undefined) ?? {})) out.set(k, Buffer.from(v, 'utf8'));
  }
  return out;
}
