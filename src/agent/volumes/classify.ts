/** Pure: what a pod volume is, in the terms the agent acts on. */
import { parseQuantity } from '../quantity.js';
import type { ManagedVolumeKind } from './layout.js';

export type PodVolume = { name: string; [key: string]: unknown };

export type VolumeSource =
  | { kind: 'hostPath'; path: string; type: string }
  | { kind: 'emptyDir'; medium: 'disk' | 'memory'; sizeLimitBytes?: number; sizeLimit?: string }
  | { kind: 'configMap' | 'secret' | 'downwardAPI' | 'projected' }
  | { kind: 'persistentVolumeClaim'; claimName: string; readOnly: boolean }
  | { kind: 'unsupported'; source: string };

/** Volume kinds whose files the agent writes from API objects and keeps up to date. */
export const CONTENT_KINDS = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export function isContentKind(kind: string): kind is ContentKind {
  return (CONTENT_KINDS as readonly string[]).includes(kind);
}

export function classifyVolume(volume: PodVolume): VolumeSource {
  const v = volume as Record<string, any>;
  if (v.hostPath) return { kind: 'hostPath', path: String(v.hostPath.path), type: String(v.hostPath.type ?? '') };
  if (v.emptyDir !== undefined) {
    const sizeLimit = v.emptyDir?.sizeLimit === undefined ? undefined : String(v.emptyDir.sizeLimit);
    const bytes = sizeLimit === undefined ? undefined : parseQuantity(sizeLimit);
    return {
      kind: 'emptyDir', medium: v.emptyDir?.medium === 'Memory' ? 'memory' : 'disk',
      ...(bytes !== undefined ? { sizeLimitBytes: Math.floor(bytes), sizeLimit } : {}),
    };
  }
  for (const kind of CONTENT_KINDS) if (v[kind]) return { kind };
  if (v.persistentVolumeClaim) return { kind: 'persistentVolumeClaim', claimName: String(v.persistentVolumeClaim.claimName), readOnly: v.persistentVolumeClaim.readOnly === true };
  const source = Object.keys(v).find((k) => k !== 'name') ?? 'none';
  return { kind: 'unsupported', source };
}

/** True when the volume's bytes belong on the memory-backed filesystem (never on disk). */
export function isMemoryBacked(source: VolumeSource): boolean {
  return source.kind === 'secret' || source.kind === 'projected' || (source.kind === 'emptyDir' && source.medium === 'memory');
}

/** The layout kind of a volume the agent manages a directory for (hostPath is the host's own). */
export function managedKind(source: VolumeSource): ManagedVolumeKind | undefined {
  return source.kind === 'hostPath' || source.kind === 'unsupported' ? undefined : source.kind;
}
