/**
 * Pure: the files of a configMap, secret, downwardAPI or projected volume, from the pod
 * and the fetched source objects. Follows the kubelet: without `items` every key becomes
 * a file; with `items` only those keys, at their paths; modes from the item, else the
 * volume's defaultMode (0644). A missing source or key fails the mount unless `optional`,
 * with the kubelet's message (it becomes the FailedMount event).
 */
import type { Pod } from '../pod/pod-types.js';
import type { PodVolume } from './classify.js';
import { downwardValue, type DownwardItem, type NodeAllocatable } from './downward.js';
import { serviceAccountTokenSecret, sourceData, sourceKey, type SourceKind, type SourceObjects } from './sources.js';

export const DEFAULT_FILE_MODE = 0o644;

export interface PayloadFile { path: string; content: Buffer; mode: number }

export type PayloadResult = { ok: true; files: PayloadFile[] } | { ok: false; message: string };

export interface PayloadInput {
  pod: Pod;
  volume: PodVolume;
  objects: SourceObjects;
  hostIP: string;
  node: NodeAllocatable;
}

interface KeyToPath { key: string; path: string; mode?: number }
interface ObjectProjection { name?: string; items?: KeyToPath[]; optional?: boolean }

class MountFailure extends Error {}

export function planPayload(input: PayloadInput): PayloadResult {
  const v = input.volume as Record<string, any>;
  const files = new Map<string, PayloadFile>();
  try {
    if (v.configMap) project(files, input, 'ConfigMap', v.configMap, v.configMap.defaultMode);
    else if (v.secret) project(files, input, 'Secret', { ...v.secret, name: v.secret.secretName }, v.secret.defaultMode);
    else if (v.downwardAPI) downward(files, input, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode);
    else if (v.projected) projected(files, input, v.projected.sources ?? [], v.projected.defaultMode);
    else return { ok: false, message: `volume "${input.volume.name}" has no content source` };
  } catch (err) {
    if (err instanceof MountFailure) return { ok: false, message: err.message };
    throw err;
  }
  return { ok: true, files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)) };
}

function project(files: Map<string, PayloadFile>, input: PayloadInput, kind: SourceKind, ref: ObjectProjection, defaultMode: number | undefined): void {
  const name = ref.name ?? '';
  const object = input.objects.get(sourceKey({ kind, name }));
  if (!object) {
    if (ref.optional) return;
    throw new MountFailure(`${kind.toLowerCase()} "${name}" not found`);
  }
  const data = sourceData(object, kind);
  const mode = defaultMode ?? DEFAULT_FILE_MODE;
  if (!ref.items?.length) {
    for (const [key, content] of data) add(files, { path: key, content, mode });
    return;
  }
  for (const item of ref.items) {
    const content = data.get(item.key);
    if (content === undefined) {
      if (ref.optional) continue;
      throw new MountFailure(kind === 'ConfigMap' ? `configmap references non-existent config key: ${item.key}` : `references non-existent secret key: ${item.key}`);
    }
    add(files, { path: item.path, content, mode: item.mode ?? mode });
  }
}

function downward(files: Map<string, PayloadFile>, input: PayloadInput, items: DownwardItem[], defaultMode: number | undefined): void {
  for (const item of items) {
    const value = downwardValue(input.pod, item, input.hostIP, input.node);
    if (!value.ok) throw new MountFailure(value.message);
    add(files, { path: item.path, content: Buffer.from(value.value, 'utf8'), mode: item.mode ?? defaultMode ?? DEFAULT_FILE_MODE });
  }
}

function projected(files: Map<string, PayloadFile>, input: PayloadInput, sources: Array<Record<string, any>>, defaultMode: number | undefined): void {
  const mode = defaultMode ?? DEFAULT_FILE_MODE;
  const extras: Array<{ file: PayloadFile; always: boolean }> = [];
  for (const source of sources) {
    if (source.configMap) project(files, input, 'ConfigMap', source.configMap, mode);
    if (source.secret) project(files, input, 'Secret', source.secret, mode);
    if (source.downwardAPI) downward(files, input, source.downwardAPI.items ?? [], mode);
    if (source.serviceAccountToken) extras.push(...serviceAccountToken(input, source.serviceAccountToken.path, mode));
  }
  // The token itself always lands; ca.crt and namespace beside it only when no other source wrote them
  // (Kubernetes' kube-api-access volume gets those from a configMap and a downwardAPI source).
  for (const { file, always } of extras) if (always || !files.has(file.path)) add(files, file);
}

/** The token from Secret `<serviceAccountName>-token`, plus its ca.crt and the namespace, like a kube-api-access volume. */
function serviceAccountToken(input: PayloadInput, tokenPath: string, mode: number): Array<{ file: PayloadFile; always: boolean }> {
  const name = serviceAccountTokenSecret(input.pod);
  const object = input.objects.get(sourceKey({ kind: 'Secret', name }));
  if (!object) throw new MountFailure(`secret "${name}" not found (the ServiceAccount token is not issued yet)`);
  const data = sourceData(object, 'Secret');
  const token = data.get('token');
  if (!token) throw new MountFailure(`secret "${name}" has no token yet`);
  const dir = tokenPath.includes('/') ? tokenPath.slice(0, tokenPath.lastIndexOf('/') + 1) : '';
  const out = [{ file: { path: tokenPath, content: token, mode }, always: true }];
  const ca = data.get('ca.crt');
  if (ca) out.push({ file: { path: `${dir}ca.crt`, content: ca, mode }, always: false });
  out.push({ file: { path: `${dir}namespace`, content: Buffer.from(input.pod.metadata.namespace ?? 'default', 'utf8'), mode }, always: false });
  return out;
}

function add(files: Map<string, PayloadFile>, file: PayloadFile): void {
  const problem = checkPath(file.path);
  if (problem) throw new MountFailure(problem);
  files.set(file.path, file);
}

/** Paths stay inside the volume and never collide with the writer's own `..` entries. */
export function checkPath(p: string): string | undefined {
  if (p === '' || p.startsWith('/')) return `invalid path "${p}": must be a relative path`;
  if (p.split('/').some((part) => part === '..' || part === '' || part.startsWith('..'))) return `invalid path "${p}": must not contain '..' or empty elements`;
  return undefined;
}
