/**
 * The pod annotation recording where each running container's ports are published on the
 * host (random host ports unless hostPort is set), so the endpoints controller can list a
 * pod as hostIP:hostPort. Format (read by src/controllers/endpoints/host-ports.ts):
 *   {"<containerName>/<containerPort>/<protocol>": "<hostIP>:<hostPort>"}
 */
import type { ContainerInfo } from '../runtime/runtime.js';

export const HOST_PORTS_ANNOTATION = 'tugboat.io/host-ports';

/** The annotation value for these running containers (by container name); undefined when nothing is published. */
export function hostPortsAnnotation(running: Iterable<readonly [string, Pick<ContainerInfo, 'ports'>]>): string | undefined {
  const entries: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [containerName, info] of running) {
    for (const p of info.ports) {
      const key = `${containerName}/${p.containerPort}/${p.protocol}`;
      if (!p.hostPort || seen.has(key)) continue;
      seen.add(key);
      entries.push([key, `${p.hostIP}:${p.hostPort}`]);
    }
  }
  if (entries.length === 0) return undefined;
  entries.sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}
