/**
 * The agent's view of container labels: the runtime's keys (runtime/labels.ts) plus two
 * the pod sync needs — whether a container is an init container, and the CrashLoopBackOff
 * delay carried from one attempt to the next so back-off survives an agent restart.
 */
import type { ContainerInfo } from './runtime/runtime.js';
import { Labels, containerLabels as runtimeLabels, identityFromLabels } from './runtime/labels.js';

export const AGENT_LABELS = {
  /** 'init' | 'regular' */
  containerType: 'io.tugboat.container.type',
  /** Wait (ms) before this container may be replaced after it exits. */
  restartBackoffMs: 'io.tugboat.container.restart-backoff-ms',
  /** The pod spec's image the container was created from (pods may change a container's image in place). */
  image: 'io.tugboat.container.image',
  /** The data dir of the agent that created it: agents sharing one Docker daemon (and a node name) leave each other's containers alone. */
  agentDir: 'io.tugboat.agent.dir',
} as const;

export type ContainerKind = 'init' | 'regular';

export interface ContainerIdentity {
  podUid: string;
  podNamespace: string;
  podName: string;
  containerName: string;
  kind: ContainerKind;
  /** 0 for the first run; restartCount = attempt of the newest container. */
  attempt: number;
  restartBackoffMs: number;
  nodeName?: string;
  image?: string;
  agentDir?: string;
}

export function containerLabels(id: ContainerIdentity): Record<string, string> {
  return {
    ...runtimeLabels({ podUid: id.podUid, podName: id.podName, podNamespace: id.podNamespace, containerName: id.containerName, attempt: id.attempt, nodeName: id.nodeName }),
    [AGENT_LABELS.containerType]: id.kind,
    [AGENT_LABELS.restartBackoffMs]: String(id.restartBackoffMs),
    ...(id.image ? { [AGENT_LABELS.image]: id.image } : {}),
    ...(id.agentDir ? { [AGENT_LABELS.agentDir]: id.agentDir } : {}),
  };
}

/** Labels selecting every container of one pod. */
export function podSelector(podUid: string): Record<string, string> {
  return { [Labels.managed]: 'true', [Labels.podUid]: podUid };
}

export const MANAGED_SELECTOR: Readonly<Record<string, string>> = { [Labels.managed]: 'true' };

/** The identity a container carries, or undefined when it is not one of ours. */
export function identityOf(c: Pick<ContainerInfo, 'labels'>): ContainerIdentity | undefined {
  if (c.labels[Labels.managed] !== 'true') return undefined;
  const base = identityFromLabels(c.labels);
  if (!base) return undefined;
  const backoff = Number(c.labels[AGENT_LABELS.restartBackoffMs] ?? '0');
  return {
    podUid: base.podUid,
    podNamespace: base.podNamespace,
    podName: base.podName,
    containerName: base.containerName,
    attempt: base.attempt,
    nodeName: base.nodeName,
    kind: c.labels[AGENT_LABELS.containerType] === 'init' ? 'init' : 'regular',
    restartBackoffMs: Number.isFinite(backoff) ? backoff : 0,
    image: c.labels[AGENT_LABELS.image],
    agentDir: c.labels[AGENT_LABELS.agentDir],
  };
}

export { containerRuntimeName } from './runtime/labels.js';
