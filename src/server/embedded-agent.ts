/**
 * The agent `tug up` runs in its own process: Docker when a daemon answers, else host
 * processes (said loudly, because containers then are not isolated). It talks to the API
 * like any remote agent would, through the HTTPS client.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { issueServingCertificate, pkiPaths } from '../pki/index.js';
import { DEFAULT_AGENT_PORT, type AgentServerTls } from '../agent/server/index.js';
import { startAgent } from '../agent/index.js';
import { chooseRuntime } from '../agent/runtime/index.js';
import { startNodeNetwork } from '../agent/network/index.js';
import { inProcessClient, type PostStartHook } from './hooks.js';

export interface EmbeddedAgentOptions {
  dataDir: string;
  /** Node name; default: this host's name. */
  nodeName?: string;
  /** The node's address; a one-host cluster's is 127.0.0.1. */
  address?: string;
  runtime?: 'auto' | 'docker' | 'process';
  /** Port of the agent's logs/exec endpoint (default 10250, or any free port when taken). */
  agentPort?: number;
  /** Service proxy + cluster DNS on this node (default userspace); `none` runs neither. */
  serviceProxy?: 'userspace' | 'nft' | 'none';
}

/** A serving certificate for the agent's address, issued by the cluster CA in the data dir. */
async function agentServingCertificate(dataDir: string, address: string, nodeName: string): Promise<{ tls: AgentServerTls; caPem: string }> {
  const paths = pkiPaths(dataDir);
  const [certPem, keyPem] = await Promise.all([readFile(paths.caCert, 'utf8'), readFile(paths.caKey, 'utf8')]);
  const tls = await issueServingCertificate({ certPem, keyPem }, [...new Set([address, '127.0.0.1', 'localhost', nodeName])]);
  return { tls, caPem: certPem };
}

export function embeddedAgentHook(options: EmbeddedAgentOptions): PostStartHook {
  return {
    name: 'embedded-agent',
    async start(context) {
      const { logger, signal } = context;
      const log = logger.child({ component: 'agent' });
      const agentDir = join(options.dataDir, 'agent');
      const runtime = await chooseRuntime({ choice: options.runtime ?? 'auto', dataDir: agentDir, logger: log });
      const client = inProcessClient(context, 'tug-agent');
      const abort = new AbortController();
      signal.addEventListener('abort', () => abort.abort(), { once: true });
      const nodeName = options.nodeName ?? hostname().toLowerCase();
      const address = options.address ?? '127.0.0.1';
      const { tls, caPem } = await agentServingCertificate(options.dataDir, address, nodeName);
      const server = {
        port: options.agentPort ?? DEFAULT_AGENT_PORT, fallbackToAnyPort: options.agentPort === undefined,
        tls, clientCaPem: caPem,
      };
      const proxyMode = options.serviceProxy ?? 'userspace';
      const network = proxyMode === 'none' ? undefined
        : startNodeNetwork({ client, nodeName, nodeAddress: address, proxyMode, logger: log.child({ component: 'service-proxy' }) });
      const agent = startAgent({
        server, network,
        client, runtime, signal: abort.signal, controlPlane: true,
        nodeName, address,
        dataDir: agentDir,
        logger: log,
      });
      await agent.ready;
      log.info({ node: nodeName, agentPort: agent.serverPort() }, 'embedded agent ready');
      return {
        async stop() {
          abort.abort();
          await agent.done.catch(() => undefined);
          await network?.close();
          await runtime.close();
          await client.close();
        },
      };
    },
  };
}
