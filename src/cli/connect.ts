/** Building an API client for the client-side commands from a kubeconfig. */
import { join } from 'node:path';
import type { HttpApiClient } from '../client/index.js';
import { defaultDataDir } from '../server/defaults.js';

export interface ConnectOptions {
  kubeconfig?: string;
  namespace?: string;
}

/** --kubeconfig, else the first file in $KUBECONFIG, else the one `tug up` writes. */
export function kubeconfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return flag;
  const first = env.KUBECONFIG?.split(':').find((p) => p.length > 0);
  return first ?? join(defaultDataDir(), 'kubeconfig.yaml');
}

export interface Connection {
  client: HttpApiClient;
  /** -n, else the kubeconfig context's namespace, else default. */
  namespace: string;
}

export async function connect(options: ConnectOptions, env: Record<string, string | undefined>): Promise<Connection> {
  // Loaded on demand: `tug version` and flag errors should not pay for undici & co.
  const { createHttpClient, loadKubeconfig } = await import('../client/index.js');
  const config = await loadKubeconfig(kubeconfigPath(options.kubeconfig, env));
  return {
    client: createHttpClient({ ...config, userAgent: 'tug-cli/0.1' }),
    namespace: options.namespace ?? config.namespace ?? 'default',
  };
}

/** Runs `fn` with a connection and always closes its sockets. */
export async function withConnection<T>(
  options: ConnectOptions, env: Record<string, string | undefined>, fn: (c: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connect(options, env);
  try {
    return await fn(connection);
  } finally {
    await connection.client.close();
  }
}
