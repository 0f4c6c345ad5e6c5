/** Publishing the agent endpoint on its Node, where the apiserver's dialer looks it up. */
import type { ApiClient } from '../../client/types.js';
import { NODES } from '../heartbeat.js';

/**
 * SHA-256 (hex) of the agent's serving certificate: the dialer trusts a certificate that
 * the cluster CA did not sign only when it matches this.
 */
export const AGENT_CERT_ANNOTATION = 'tugboat.io/agent-cert-sha256';

export function daemonEndpointsPatch(port: number): Record<string, unknown> {
  return { status: { daemonEndpoints: { kubeletEndpoint: { Port: port } } } };
}

export function certFingerprintPatch(sha256: string): Record<string, unknown> {
  return { metadata: { annotations: { [AGENT_CERT_ANNOTATION]: sha256 } } };
}

/** The pin first, then the port: a dialer that sees the port can already verify the agent. */
export async function publishAgentEndpoint(client: ApiClient, nodeName: string, port: number, certSha256?: string): Promise<void> {
  if (certSha256 !== undefined) await client.patch(NODES, undefined, nodeName, { type: 'merge', body: certFingerprintPatch(certSha256) });
  await client.patch(NODES, undefined, nodeName, { type: 'merge', body: daemonEndpointsPatch(port) }, { subresource: 'status' });
}
