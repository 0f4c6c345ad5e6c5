/**
 * LeastAllocated (prefer emptier nodes) and BalancedAllocation (prefer nodes whose CPU and
 * memory use stay even), both on the fraction requested after placing the pod.
 */
import { podRequests } from '../resources.js';
import type { NodeInfo, Scorer } from '../types.js';

function fractions(pod: Parameters<Scorer>[0], node: NodeInfo): { cpu: number; mem: number } {
  const want = podRequests(pod);
  const cpu = node.allocatable.milliCpu > 0 ? (node.requested.milliCpu + want.milliCpu) / node.allocatable.milliCpu : 1;
  const mem = node.allocatable.memoryBytes > 0 ? (node.requested.memoryBytes + want.memoryBytes) / node.allocatable.memoryBytes : 1;
  return { cpu: Math.min(1, cpu), mem: Math.min(1, mem) };
}

export const leastAllocated: Scorer = (pod, node) => {
  const { cpu, mem } = fractions(pod, node);
  // Pods without requests still count as one slot, so empty nodes win ties.
  const podsFrac = node.allocatable.pods > 0 ? (node.requested.pods + 1) / node.allocatable.pods : 1;
  return Math.round(((1 - cpu) + (1 - mem) + (1 - podsFrac)) / 3 * 100);
};

export const balancedAllocation: Scorer = (pod, node) => {
  const { cpu, mem } = fractions(pod, node);
  return Math.round((1 - Math.abs(cpu - mem)) * 100);
};
