/**
 * The agent `tug up` runs in its own process: Docker when a daemon answers, else host
 * processes (said loudly, because containers then are not isolated). It talks to the API
 * like any remote agent would, through the HTTPS client.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { issueServingCertificate, pkiPaths } from '../pki/index.js';
import { DEFAULT_AGENT_PORT, ensureAgentProxyToken, type AgentServerTls } from '../agent/server/index.js';
import { startAgent } from '../agent/index.js';
import { createDockerRuntime, createProcessRuntime, detectRuntime } from '../agent/runtime/index.js';
import type { Runtime } from '../agent/runtime/index.js';
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
}

/** A serving certificate for the agent's address, issued by the cluster CA in the data dir. */
async function agentServingCertificate(dataDir: string, address: string, nodeName: string): Promise<AgentServerTls> {
  const paths = pkiPaths(dataDir);
  const [certPem, keyPem] = await Promise.all([readFile(paths.caCert, 'utf8'), readFile(paths.caKey, 'utf8')]);
  return issueServingCertificate({ certPem, keyPem }, [...new Set([address, '127.0.0.1', 'localhost', nodeName])]);
}

export function embeddedAgentHook(options: EmbeddedAgentOptions): PostStartHook {
  return {
    name: 'embedded-agent',
    async start(context) {
      const { logger, signal } = context;
      const log = logger.child({ component: 'agent' });
      const runtime = await chooseRuntime(options, log);
      const client = inProcessClient(context, 'tug-agent');
      const abort = new AbortController();
      signal.addEventListener('abort', () => abort.abort(), { once: true });
      const nodeName = options.nodeName ?? hostname().toLowerCase();
      const address = options.address ?? '127.0.0.1';
      const server = {
        port: options.agentPort ?? DEFAULT_AGENT_PORT, fallbackToAnyPort: options.agentPort === undefined,
        tls: await agentServingCertificate(options.dataDir, address, nodeName),
        proxyToken: await ensureAgentProxyToken(options.dataDir),
      };
      const agent = startAgent({
        server,
        client, runtime, signal: abort.signal, controlPlane: true,
        nodeName, address,
        dataDir: join(options.dataDir, 'agent'),
        logger: log,
      });
      await agent.ready;
      log.info({ node: nodeName, agentPort: agent.serverPort() }, 'embedded agent ready');
      return {
        async stop() {
          abort.abort();
          await agent.done.catch(() => undefined);
          await runtime.close();
          await client.close();
        },
      };
    },
  };
}

async function chooseRuntime(options: EmbeddedAgentOptions, log: { info(o: object, m?: string): void; warn(o: object, m?: string): void }): Promise<Runtime> {
  const processRuntime = () => createProcessRuntime({ dataDir: join(options.dataDir, 'agent', 'process-runtime') });
  if (options.runtime === 'process') return processRuntime();
  const detected = await detectRuntime();
  if (detected.kind === 'docker') {
    log.info({ dockerHost: detected.dockerHost, version: detected.version }, 'container runtime: docker');
    return createDockerRuntime({ dockerHost: detected.dockerHost });
  }
  if (options.runtime === 'docker') throw new Error(`--runtime docker was asked for, but ${detected.reason}`);
  log.warn({ reason: detected.reason },
    'NO DOCKER DAEMON: containers will run as plain host processes (no isolation, images are not pulled, `command` is required)');
  return processRuntime();
}
