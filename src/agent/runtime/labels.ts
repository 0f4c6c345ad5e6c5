/**
 * Label keys stored on every container so an agent can find, adopt and fence its
 * containers after a restart (architecture.md §6) without any local database.
 */

export const LABEL_PREFIX = 'io.tugboat.';

export const Labels = {
  podUid: 'io.tugboat.pod.uid',
  podName: 'io.tugboat.pod.name',
  podNamespace: 'io.tugboat.pod.namespace',
  containerName: 'io.tugboat.container.name',
  /** Restart count of this container within the pod, as a decimal string. */
  containerAttempt: 'io.tugboat.container.attempt',
  /** Hash of the container spec the agent created it from (detects spec changes). */
  containerHash: 'io.tugboat.container.hash',
  /** Node that created the container; containers of another node are never adopted. */
  nodeName: 'io.tugboat.node.name',
  /** Marks every container managed by Tugboat. */
  managed: 'io.tugboat.managed',
} as const;

export interface ContainerIdentity {
  podUid: string;
  podName: string;
  podNamespace: string;
  containerName: string;
  attempt: number;
  nodeName?: string;
  containerHash?: string;
}

/** Labels for a new container of a pod. */
export function containerLabels(identity: ContainerIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    [Labels.managed]: 'true',
    [Labels.podUid]: identity.podUid,
    [Labels.podName]: identity.podName,
    [Labels.podNamespace]: identity.podNamespace,
    [Labels.containerName]: identity.containerName,
    [Labels.containerAttempt]: String(identity.attempt),
  };
  if (identity.nodeName) labels[Labels.nodeName] = identity.nodeName;
  if (identity.containerHash) labels[Labels.containerHash] = identity.containerHash;
  return labels;
}

/** Reads the identity back from a container's labels; undefined if it is not one of ours. */
export function identityFromLabels(labels: Record<string, string>): ContainerIdentity | undefined {
  const podUid = labels[Labels.podUid];
  const containerName = labels[Labels.containerName];
  if (!podUid || !containerName) return undefined;
  const attempt = Number(labels[Labels.containerAttempt] ?? '0');
  return {
    podUid,
    podName: labels[Labels.podName] ?? '',
    podNamespace: labels[Labels.podNamespace] ?? '',
    containerName,
    attempt: Number.isFinite(attempt) ? attempt : 0,
    nodeName: labels[Labels.nodeName],
    containerHash: labels[Labels.containerHash],
  };
}

/** Selector for every container of one pod. */
export function podSelector(podUid: string): Record<string, string> {
  return { [Labels.podUid]: podUid };
}

/** Runtime-level container name: `tug_<ns>_<pod>_<container>_<attempt>` (Docker allows [a-zA-Z0-9_.-]). */
export function containerRuntimeName(identity: Pick<ContainerIdentity, 'podNamespace' | 'podName' | 'containerName' | 'attempt'>): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `tug_${clean(identity.podNamespace)}_${clean(identity.podName)}_${clean(identity.containerName)}_${identity.attempt}`;
}

/** True when `labels` include every key/value of `selector`. */
export function matchesLabels(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
