import type { ContainerInfo, PortMapping, RuntimeResult } from '../runtime.js';
import { fail, ok } from '../results.js';
import { findFreePort, isPortFree } from './ports.js';

/**
 * Host ports for a process container. Only the first port can be honoured (the program
 * learns it through env PORT); others are recorded only if they name a hostPort.
 */
export async function assignPorts(ports: PortMapping[]): Promise<RuntimeResult<ContainerInfo['ports']>> {
  const assigned: ContainerInfo['ports'] = [];
  for (const [index, p] of ports.entries()) {
    const hostIP = p.hostIP ?? '127.0.0.1';
    if (index > 0 && !p.hostPort) continue;
    if (p.hostPort) {
      if (!(await isPortFree(hostIP, p.hostPort))) {
        return fail('RunContainerError', `Bind for ${hostIP}:${p.hostPort} failed: port is already allocated`);
      }
      assigned.push({ containerPort: p.containerPort, protocol: p.protocol, hostIP, hostPort: p.hostPort });
    } else {
      assigned.push({ containerPort: p.containerPort, protocol: p.protocol, hostIP, hostPort: await findFreePort(hostIP) });
    }
  }
  return ok(assigned);
}
