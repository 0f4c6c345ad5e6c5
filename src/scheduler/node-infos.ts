/**
 * The scheduler's incremental cache: NodeInfo per node, updated as pods are bound, finish
 * or go away, plus pods "assumed" on a node between the decision and the binding showing up
 * in the informer (so two decisions in a row never overcommit a node).
 */
import type { KubeObject } from '../api/types.js';
import { controllerOf } from '../api/owners.js';
import { addResources, hostPortsOf, nodeAllocatable, podRequests } from './resources.js';
import type { NodeInfo } from './types.js';

function counted(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

function emptyInfo(node: KubeObject): NodeInfo {
  return {
    node, name: node.metadata.name!, pods: [], allocatable: nodeAllocatable(node),
    requested: { milliCpu: 0, memoryBytes: 0, pods: 0 }, usedPorts: new Set(), ownerCounts: new Map(),
  };
}

export class NodeInfos {
  private readonly nodes = new Map<string, NodeInfo>();
  /** pod uid → node it is counted on. */
  private readonly placed = new Map<string, { node: string; pod: KubeObject }>();
  private list: NodeInfo[] | undefined;

  upsertNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const existing = this.nodes.get(name);
    if (existing) {
      existing.node = node;
      existing.allocatable = nodeAllocatable(node);
    } else {
      this.nodes.set(name, emptyInfo(node));
      for (const { node: n, pod } of this.placed.values()) if (n === name) this.add(this.nodes.get(name)!, pod);
    }
    this.list = undefined;
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    this.list = undefined;
  }

  /** A pod seen by the informer (bound or not). */
  observePod(pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    const current = this.placed.get(uid);
    if (current && (!counted(pod) || current.node !== pod.spec.nodeName)) this.forgetPod(uid);
    if (counted(pod) && !this.placed.has(uid)) this.place(pod, pod.spec.nodeName);
    else if (counted(pod)) this.placed.get(uid)!.pod = pod;
  }

  /** Count `pod` on `nodeName` before the API confirms the binding. */
  assume(pod: KubeObject, nodeName: string): void {
    if (!this.placed.has(pod.metadata.uid!)) this.place({ ...pod, spec: { ...pod.spec, nodeName } }, nodeName);
  }

  forgetPod(uid: string): void {
    const current = this.placed.get(uid);
    if (!current) return;
    this.placed.delete(uid);
    const info = this.nodes.get(current.node);
    if (!info) return;
    info.pods = info.pods.filter((p) => p.metadata.uid !== uid);
    const req = podRequests(current.pod);
    info.requested = addResources(info.requested, { milliCpu: -req.milliCpu, memoryBytes: -req.memoryBytes, pods: -1 });
    for (const p of hostPortsOf(current.pod)) info.usedPorts.delete(p);
    const owner = controllerOf(current.pod)?.uid;
    if (owner) info.ownerCounts.set(owner, (info.ownerCounts.get(owner) ?? 1) - 1);
  }

  all(): NodeInfo[] {
    this.list ??= [...this.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
    return this.list;
  }

  private place(pod: KubeObject, nodeName: string): void {
    this.placed.set(pod.metadata.uid!, { node: nodeName, pod });
    const info = this.nodes.get(nodeName);
    if (info) this.add(info, pod);
  }

  private add(info: NodeInfo, pod: KubeObject): void {
    info.pods.push(pod);
    info.requested = addResources(info.requested, podRequests(pod));
    for (const p of hostPortsOf(pod)) info.usedPorts.add(p);
    const owner = controllerOf(pod)?.uid;
    if (owner) info.ownerCounts.set(owner, (info.ownerCounts.get(owner) ?? 0) + 1);
  }
}
