/**
 * Pods by node, with what each needs to read, and local PersistentVolumes by node: the node
 * authorizer's view of which objects a node may touch. Fed by store mirrors of pods and
 * persistentvolumes; pure data structure otherwise.
 */
import type { KubeObject } from '../api/types.js';
import { podReferences, type PodReferences } from './pod-references.js';

export type ReferencedResource = 'secrets' | 'configmaps' | 'persistentvolumeclaims';

export interface PodGraphView {
  /** The node a pod is bound to ('' unbound, undefined unknown). */
  podNode(namespace: string, name: string): string | undefined;
  /** True when a pod bound to `nodeName` references this object. */
  nodeReferences(nodeName: string, resource: ReferencedResource, namespace: string, name: string): boolean;
  /** The node a local PersistentVolume lives on (its required kubernetes.io/hostname term). */
  volumeNode(name: string): string | undefined;
}

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** A local volume's node: the single value of a required `kubernetes.io/hostname In [node]` term. */
export function localVolumeNode(volume: KubeObject): string | undefined {
  const terms = (volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) as Array<{ matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }>;
  for (const term of Array.isArray(terms) ? terms : []) {
    for (const e of term.matchExpressions ?? []) {
      if (e.key === HOSTNAME_LABEL && e.operator === 'In' && e.values?.length === 1) return e.values[0];
    }
  }
  return undefined;
}

export class PodGraph implements PodGraphView {
  /** "namespace/name" → references. */
  readonly #pods = new Map<string, PodReferences>();
  /** node name → "namespace/name" of its pods. */
  readonly #byNode = new Map<string, Set<string>>();
  /** store key → "namespace/name". */
  readonly #keys = new Map<string, string>();
  /** PersistentVolume store key → [name, node]. */
  readonly #volumes = new Map<string, { name: string; node: string }>();
  readonly #volumeNodes = new Map<string, string>();

  clear(): void {
    this.#pods.clear();
    this.#byNode.clear();
    this.#keys.clear();
  }

  clearVolumes(): void {
    this.#volumes.clear();
    this.#volumeNodes.clear();
  }

  putVolume(storeKey: string, volume: KubeObject): void {
    this.removeVolume(storeKey);
    const node = localVolumeNode(volume);
    if (node === undefined || !volume.metadata.name) return;
    this.#volumes.set(storeKey, { name: volume.metadata.name, node });
    this.#volumeNodes.set(volume.metadata.name, node);
  }

  removeVolume(storeKey: string): void {
    const entry = this.#volumes.get(storeKey);
    if (!entry) return;
    this.#volumes.delete(storeKey);
    this.#volumeNodes.delete(entry.name);
  }

  volumeNode(name: string): string | undefined {
    return this.#volumeNodes.get(name);
  }

  put(storeKey: string, pod: KubeObject): void {
    this.remove(storeKey);
    const refs = podReferences(pod);
    const podKey = `${refs.namespace}/${pod.metadata.name ?? ''}`;
    this.#keys.set(storeKey, podKey);
    this.#pods.set(podKey, refs);
    if (refs.nodeName === '') return;
    let pods = this.#byNode.get(refs.nodeName);
    if (!pods) this.#byNode.set(refs.nodeName, pods = new Set());
    pods.add(podKey);
  }

  remove(storeKey: string): void {
    const podKey = this.#keys.get(storeKey);
    if (podKey === undefined) return;
    this.#keys.delete(storeKey);
    const refs = this.#pods.get(podKey);
    this.#pods.delete(podKey);
    const pods = refs && this.#byNode.get(refs.nodeName);
    pods?.delete(podKey);
    if (pods?.size === 0) this.#byNode.delete(refs!.nodeName);
  }

  podNode(namespace: string, name: string): string | undefined {
    return this.#pods.get(`${namespace}/${name}`)?.nodeName;
  }

  nodeReferences(nodeName: string, resource: ReferencedResource, namespace: string, name: string): boolean {
    for (const podKey of this.#byNode.get(nodeName) ?? []) {
      const refs = this.#pods.get(podKey)!;
      if (refs.namespace !== namespace) continue;
      const names = resource === 'secrets' ? refs.secrets : resource === 'configmaps' ? refs.configMaps : refs.claims;
      if (names.has(name)) return true;
    }
    return false;
  }
}
