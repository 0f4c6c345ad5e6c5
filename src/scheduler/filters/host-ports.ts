/** NodePorts: a hostPort may be used once per node (per protocol and address; 0.0.0.0 conflicts with all). */
import { hostPortsOf } from '../resources.js';
import type { Filter } from '../types.js';

function conflicts(used: Set<string>, want: string): boolean {
  const [proto, ip, port] = want.split('/');
  for (const u of used) {
    const [uProto, uIp, uPort] = u.split('/');
    if (uProto === proto && uPort === port && (uIp === ip || uIp === '0.0.0.0' || ip === '0.0.0.0')) return true;
  }
  return false;
}

export const freeHostPorts: Filter = (pod, node) =>
  hostPortsOf(pod).some((p) => conflicts(node.usedPorts, p)) ? "node(s) didn't have free ports for the requested pod ports" : undefined;
