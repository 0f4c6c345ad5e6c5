/** Publishing the agent endpoint on its Node, where the apiserver's dialer looks it up. */
import type { ApiClient } from '../../client/types.js';
import { NODES } from '../heartbeat.js';

export function daemonEndpointsPatch(port: number): Record<string, unknown> {
  return { status: { daemonEndpoints: { kubeletEndpoint: { Port: port } } } };
}

export async function publishAgentEndpoint(client: ApiClient, nodeName: string, port: number): Promise<void> {
  await client.patch(NODES, undefined, nodeName, { type: 'merge', body: daemonEndpointsPatch(port) }, { subresource: 'status' });
}
