/**
 * The Node object an agent registers: a pure builder from host facts, so registration
 * and status updates are tested without touching the host (host-facts.ts reads it).
 */
import type { KubeObject } from '../../api/types.js';
import { AGENT_DEFAULTS } from '../defaults.js';
import type { NodeCondition } from './node-conditions.js';

export interface HostFacts {
  hostname: string;
  address: string;
  cpuCount: number;
  memoryBytes: number;
  ephemeralStorageBytes?: number;
  osImage: string;
  kernelVersion: string;
  /** Kubernetes names: amd64, arm64 … */
  architecture: string;
  operatingSystem: string;
  /** e.g. docker://27.3.1, process://tugboat */
  containerRuntimeVersion: string;
  machineID?: string;
  bootID?: string;
}

export interface NodeOptions {
  nodeName: string;
  facts: HostFacts;
  /** Extra labels from the operator (--node-labels). */
  labels?: Record<string, string>;
  /** True for the agent embedded in `tug up`. */
  controlPlane?: boolean;
  maxPods?: number;
  conditions: NodeCondition[];
}

/** Node.js arch → Kubernetes GOARCH. */
export function kubernetesArch(nodeArch: string): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

export function nodeLabels(opts: Pick<NodeOptions, 'nodeName' | 'facts' | 'labels' | 'controlPlane'>): Record<string, string> {
  return {
    'kubernetes.io/hostname': opts.nodeName,
    'kubernetes.io/os': opts.facts.operatingSystem,
    'kubernetes.io/arch': opts.facts.architecture,
    'beta.kubernetes.io/os': opts.facts.operatingSystem,
    'beta.kubernetes.io/arch': opts.facts.architecture,
    ...(opts.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    ...(opts.labels ?? {}),
  };
}

export function nodeCapacity(facts: HostFacts, maxPods: number): Record<string, string> {
  return {
    cpu: String(facts.cpuCount),
    memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`,
    pods: String(maxPods),
    ...(facts.ephemeralStorageBytes !== undefined ? { 'ephemeral-storage': `${Math.floor(facts.ephemeralStorageBytes / 1024)}Ki` } : {}),
  };
}

export function nodeStatus(opts: NodeOptions): Record<string, unknown> {
  const { facts } = opts;
  const capacity = nodeCapacity(facts, opts.maxPods ?? AGENT_DEFAULTS.maxPods);
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: opts.conditions,
    addresses: [{ type: 'InternalIP', address: facts.address }, { type: 'Hostname', address: facts.hostname }],
    daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    nodeInfo: {
      machineID: facts.machineID ?? '',
      systemUUID: facts.machineID ?? '',
      bootID: facts.bootID ?? '',
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion: AGENT_DEFAULTS.kubeletVersion,
      kubeProxyVersion: AGENT_DEFAULTS.kubeletVersion,
      operatingSystem: facts.operatingSystem,
      architecture: facts.architecture,
    },
  };
}

export function buildNode(opts: NodeOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: opts.nodeName, labels: nodeLabels(opts), annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: {},
    status: nodeStatus(opts),
  };
}
