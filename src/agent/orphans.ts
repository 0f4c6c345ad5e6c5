/**
 * Adoption and fencing, decided purely from the runtime's containers and the pods the
 * informer knows: a container whose pod exists and is bound here is adopted (its pod is
 * synced, which sees the container and creates no duplicate); one whose pod is gone or
 * bound elsewhere is an orphan to stop and remove. Containers labelled with another
 * node's name, or with another agent's data dir, belong to another agent sharing this
 * runtime (e.g. two `tug up` on one host, both naming their node after it) and are left alone.
 */
import type { ContainerInfo } from './runtime/runtime.js';
import { identityOf } from './container-labels.js';
import type { Pod } from './pod/pod-types.js';
import { podKey } from './pod/pod-types.js';

export interface Classification {
  /** Pod keys with containers to adopt. */
  adopt: string[];
  orphans: ContainerInfo[];
}

export function classifyContainers(containers: ContainerInfo[], podsByUid: ReadonlyMap<string, Pod>, nodeName: string, agentDir?: string): Classification {
  const adopt = new Set<string>();
  const orphans: ContainerInfo[] = [];
  for (const c of containers) {
    const id = identityOf(c);
    if (!id) continue;
    if (id.nodeName && id.nodeName !== nodeName) continue;
    // Without the label we cannot tell whose it is: leave it rather than kill a neighbour's.
    if (agentDir !== undefined && id.agentDir !== agentDir) continue;
    const pod = podsByUid.get(id.podUid);
    if (pod && pod.spec.nodeName === nodeName) adopt.add(podKey(pod));
    else orphans.push(c);
  }
  return { adopt: [...adopt], orphans };
}
