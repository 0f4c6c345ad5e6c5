/**
 * Pure: the `status.loadBalancer` a Service should have. Like k3s' ServiceLB, a LoadBalancer
 * Service's external addresses are the InternalIPs of the Ready nodes: every agent's proxy
 * serves the Service's NodePort on its host address, so any of them reaches it. Other types
 * carry no ingress.
 */
import type { KubeObject } from '../../api/types.js';

export interface LoadBalancerIngress {
  ip: string;
}

function isReady(node: KubeObject): boolean {
  const conditions = (node.status?.conditions ?? []) as Array<{ type: string; status: string }>;
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function internalIP(node: KubeObject): string | undefined {
  const addresses = (node.status?.addresses ?? []) as Array<{ type: string; address: string }>;
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

/** Ready nodes' InternalIPs, deduplicated and sorted (stable output = no needless writes). */
export function desiredIngress(service: KubeObject, nodes: readonly KubeObject[]): LoadBalancerIngress[] {
  if (service.spec?.type !== 'LoadBalancer') return [];
  // A class we do not implement belongs to another load balancer controller.
  if (service.spec?.loadBalancerClass) return [];
  const ips = new Set<string>();
  for (const node of nodes) {
    const ip = isReady(node) ? internalIP(node) : undefined;
    if (ip) ips.add(ip);
  }
  return [...ips].sort().map((ip) => ({ ip }));
}

export function currentIngress(service: KubeObject): LoadBalancerIngress[] {
  return ((service.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).filter((i) => i.ip).map((i) => ({ ip: i.ip! }));
}

/** The status patch to write, or undefined when the Service is already right. */
export function reconcileLoadBalancer(service: KubeObject, nodes: readonly KubeObject[]): { loadBalancer: { ingress?: LoadBalancerIngress[] } } | undefined {
  if (service.spec?.loadBalancerClass) return undefined;
  const desired = desiredIngress(service, nodes);
  const current = currentIngress(service);
  if (JSON.stringify(desired) === JSON.stringify(current)) return undefined;
  return { loadBalancer: desired.length > 0 ? { ingress: desired } : {} };
}
