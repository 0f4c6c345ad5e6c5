/**
 * `tug agent`: a node agent in its own process, joining a cluster over HTTPS. It serves
 * logs/exec to the apiserver with a self-signed certificate whose fingerprint it pins on
 * its Node, and admits only the apiserver's client certificate (signed by the cluster CA).
 */
import { Option, type Command } from 'commander';
import { hostname, homedir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { shutdownOnSignals } from '../shutdown.js';
import { agentSettings, AGENT_RUNTIMES, type AgentSettings, type RawAgentFlags } from '../agent-flags.js';
import { CliError } from '../errors.js';

async function clientOptions(settings: AgentSettings): Promise<{ server: string; token?: string; caPem: string }> {
  if (settings.connection.kind === 'flags') {
    const { caFile, server, token } = settings.connection;
    const caPem = caFile === undefined ? undefined : await readFile(caFile, 'utf8');
    if (caPem !== undefined && !caPem.includes('BEGIN CERTIFICATE')) throw new CliError(`--ca-file "${caFile}" holds no PEM certificate`);
    // A join token (<id>.<secret>, optionally K10<ca hash>::) is traded for the node's own credential.
    const [{ parseToken }, { obtainAgentCredentials }] = await Promise.all([import('../../pki/tokens.js'), import('../../auth/index.js')]);
    if (parseToken(token) === undefined) return { server, token, caPem: caPem! };
    const joined = await obtainAgentCredentials({ server, token, caPem, nodeName: settings.nodeName, agentDataDir: resolve(settings.dataDir) });
    if (!joined.ok) throw new CliError(joined.message);
    return { server, token: joined.credentials.token, caPem: joined.credentials.caPem };
  }
  const { loadKubeconfig } = await import('../../client/index.js');
  const config = await loadKubeconfig(settings.connection.path);
  // The CA also checks the apiserver's client certificate, so skipping TLS verification is no option.
  if (!config.caPem) throw new CliError(`kubeconfig "${settings.connection.path}" has no certificate authority: the agent needs the cluster CA`);
  return { server: config.server, token: config.token, caPem: config.caPem };
}

/** Runs the agent in the foreground until SIGINT/SIGTERM; a second signal exits at once. */
async function runAgent(flags: RawAgentFlags, io: CliIo): Promise<void> {
  const settings = agentSettings(flags, { hostname: hostname(), home: process.env.HOME ?? homedir() });
  const dataDir = resolve(settings.dataDir);
  const connection = await clientOptions(settings);
  // Loaded on demand so that flag errors stay instant.
  const [{ createHttpClient, openHeartbeatChannel }, { startAgent }, { chooseRuntime }, { ensureAgentServingCertificate }, { createLogger }, { certificateFingerprint256 }] = await Promise.all([
    import('../../client/index.js'), import('../../agent/index.js'), import('../../agent/runtime/index.js'),
    import('../../agent/server/index.js'), import('../../server/logger.js'), import('../../pki/index.js'),
  ]);
  const logger = createLogger(settings.logLevel).child({ component: 'agent', node: settings.nodeName });
  const shutdown = shutdownOnSignals(io);
  const client = createHttpClient({ ...connection, userAgent: `tug-agent/0.1 (${settings.nodeName})` });
  const heartbeatChannel = openHeartbeatChannel({ ...connection, nodeName: settings.nodeName });
  try {
    const serving = await ensureAgentServingCertificate(dataDir, settings.nodeName, [...new Set([settings.address, settings.nodeName])]);
    logger.info({ created: serving.created, sha256: certificateFingerprint256(serving.pair.certPem) }, 'agent serving certificate ready');
    const runtime = await chooseRuntime({ choice: settings.runtime, dataDir, logger });
    const { startNodeNetwork } = await import('../../agent/network/index.js');
    const network = settings.serviceProxy === 'none' ? undefined : startNodeNetwork({
      client, nodeName: settings.nodeName, nodeAddress: settings.address, proxyMode: settings.serviceProxy, logger: logger.child({ component: 'service-proxy' }),
    });
    try {
      const agent = startAgent({
        network,
        client, runtime, signal: shutdown.signal, nodeName: settings.nodeName, address: settings.address,
        labels: settings.labels, dataDir: join(dataDir, 'state'), logger,
        server: { port: settings.port, tls: serving.pair, clientCaPem: connection.caPem },
        heartbeatChannel,
      });
      await agent.ready;
      if (!shutdown.signal.aborted) io.out(`tug agent "${settings.nodeName}" joined ${connection.server}; logs/exec served on ${settings.address}:${agent.serverPort() ?? '?'}\n`);
      await agent.done;
    } finally {
      await network?.close();
      await runtime.close();
    }
  } finally {
    heartbeatChannel.close();
    await client.close();
    shutdown.dispose();
  }
}

export function addAgentCommand(program: Command, io: CliIo): void {
  program.command('agent')
    .description('run a node agent that joins a cluster, in the foreground')
    .option('--server <url>', 'API server URL, https://HOST:PORT')
    .option('--token <token>', 'join token (DATA_DIR/join-token, `tug token create`) or a bearer token the API server accepts')
    .option('--ca-file <file>', 'the cluster CA certificate (PEM); not needed with a K10… join token, which pins the CA')
    .option('--kubeconfig <file>', 'take server, token and CA from this kubeconfig instead')
    .option('--name <name>', 'Node name (default: this host name)')
    .option('--address <ip>', "this host's IP: Node InternalIP, where logs/exec are served", '127.0.0.1')
    .option('--port <port>', 'port of the logs/exec endpoint (0 = any free port)', '10250')
    .option('--labels <k=v,...>', 'extra Node labels')
    .addOption(new Option('--runtime <runtime>', 'container runtime').choices([...AGENT_RUNTIMES]).default('auto'))
    .addOption(new Option('--service-proxy <mode>', 'Services on this node: userspace proxy, nft (kernel DNAT) or none (also no cluster DNS)').choices(['userspace', 'nft', 'none']).default('userspace'))
    .option('--data-dir <dir>', 'agent state directory (serving certificate, process runtime files)', '~/.tug-agent')
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .action((flags: RawAgentFlags) => runAgent(flags, io));
}
