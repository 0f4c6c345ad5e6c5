/**
 * The admin kubeconfig `tug up` writes to DATA_DIR/kubeconfig.yaml (mode 0600: it holds
 * the admin token). The CA is embedded so the file works when copied elsewhere.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { stringify } from 'yaml';

export const KUBECONFIG_NAME = 'tugboat';

/** https://host:port, with IPv6 literals bracketed; a wildcard bind is reached via loopback. */
export function serverUrl(bind: string, port: number): string {
  const host = bind === '0.0.0.0' || bind === '' ? '127.0.0.1' : bind === '::' ? '::1' : bind;
  return isIP(host) === 6 ? `https://[${host}]:${port}` : `https://${host}:${port}`;
}

export interface KubeconfigInput {
  server: string;
  caPem: string;
  /** Omitted: a kubeconfig with no credentials (tests use it for the 401 path). */
  token?: string;
  namespace?: string;
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const user: Record<string, string> = input.token ? { token: input.token } : {};
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{
      name: KUBECONFIG_NAME,
      cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caPem).toString('base64') },
    }],
    users: [{ name: `${KUBECONFIG_NAME}-admin`, user }],
    contexts: [{
      name: KUBECONFIG_NAME,
      context: { cluster: KUBECONFIG_NAME, user: `${KUBECONFIG_NAME}-admin`, namespace: input.namespace ?? 'default' },
    }],
    'current-context': KUBECONFIG_NAME,
    preferences: {},
  });
}

export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await writeFile(path, renderKubeconfig(input), { mode: 0o600 });
  await chmod(path, 0o600);
}
