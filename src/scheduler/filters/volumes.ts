/**
 * Volume binding for the scheduler (Kubernetes' VolumeBinding plugin, reduced to what
 * Tugboat's provisioners need). Per pod, before any node is tried: every claim must exist;
 * a bound claim pins the pod to the nodes its volume's node affinity allows; an unbound
 * claim of a WaitForFirstConsumer class lets any node fit and is annotated with the chosen
 * node before the pod is bound (the volume controller then provisions there); any other
 * unbound claim makes the pod unschedulable until the claim binds. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { classOf, SELECTED_NODE_ANNOTATION } from '../../controllers/volume/constants.js';
import { volumeAllowsNode } from '../../controllers/volume/decide-claim.js';
import type { Filter } from '../types.js';

export interface VolumeListers {
  claim(namespace: string, name: string): KubeObject | undefined;
  volume(name: string): KubeObject | undefined;
  storageClass(name: string): KubeObject | undefined;
}

export type VolumeCheck =
  /** No node can host the pod now; `message` says why (retried when claims or volumes change). */
  | { ok: false; message: string }
  /** `filter` restricts nodes (absent: any node); `selectNode` are the claims to annotate with the chosen node. */
  | { ok: true; filter?: Filter; selectNode: KubeObject[] };

export const VOLUME_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const SELECTED_NODE_CONFLICT = "node(s) didn't match the node selected for the pod's unbound volumes";
export const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

function claimNames(pod: KubeObject): string[] {
  const volumes: Array<{ persistentVolumeClaim?: { claimName?: string } }> = pod.spec?.volumes ?? [];
  return [...new Set(volumes.map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => Boolean(n)))];
}

export function checkPodVolumes(pod: KubeObject, listers: VolumeListers): VolumeCheck {
  const names = claimNames(pod);
  if (names.length === 0) return { ok: true, selectNode: [] };
  const namespace = pod.metadata.namespace ?? 'default';
  const boundVolumes: KubeObject[] = [];
  const selectNode: KubeObject[] = [];
  const selectedNodes = new Set<string>();
  for (const name of names) {
    const claim = listers.claim(namespace, name);
    if (!claim) return { ok: false, message: `persistentvolumeclaim "${name}" not found` };
    if (claim.metadata.deletionTimestamp) return { ok: false, message: `persistentvolumeclaim "${name}" is being deleted` };
    const volumeName: string | undefined = claim.spec?.volumeName || undefined;
    if (volumeName) {
      const volume = listers.volume(volumeName);
      if (!volume) return { ok: false, message: `persistentvolumeclaim "${name}" is bound to non-existent persistentvolume "${volumeName}"` };
      if (volume.spec?.nodeAffinity?.required) boundVolumes.push(volume); // only these constrain nodes
      continue;
    }
    const storageClass = listers.storageClass(classOf(claim) ?? '');
    if (storageClass?.volumeBindingMode !== 'WaitForFirstConsumer') return { ok: false, message: UNBOUND_IMMEDIATE };
    selectNode.push(claim);
    const selected = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    if (selected) selectedNodes.add(selected);
  }
  const filter: Filter = (_pod, node, all) => {
    if (!boundVolumes.every((pv) => volumeAllowsNode(pv, node.name, node.node.metadata.labels ?? {}))) return VOLUME_NODE_CONFLICT;
    // A node chosen earlier may already have the volume: stay with it while it exists.
    for (const selected of selectedNodes) {
      if (selected !== node.name && all.some((n) => n.name === selected)) return SELECTED_NODE_CONFLICT;
    }
    return undefined;
  };
  return { ok: true, filter: boundVolumes.length > 0 || selectedNodes.size > 0 ? filter : undefined, selectNode };
}
