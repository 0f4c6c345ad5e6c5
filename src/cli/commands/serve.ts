import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { shutdownOnSignals } from '../shutdown.js';
import { kubectlHint, serverSettings, type RawServerFlags } from '../server-flags.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs the server in the foreground until SIGINT/SIGTERM; a second signal exits at once. */
async function serve(flags: RawServerFlags, io: CliIo, embeddedAgent: boolean): Promise<void> {
  const settings = serverSettings(flags);
  // Loaded on demand so that flag errors and `tug version` stay instant.
  const { startServer, controlPlaneHook, embeddedAgentHook } = await import('../../server/index.js');
  const { controllersWithStorage, withNetwork } = await import('../../server/control-plane.js');
  const shutdown = shutdownOnSignals(io);
  try {
    const server = await startServer({
      dataDir: resolve(settings.dataDir), bind: settings.bind, port: settings.port, logLevel: settings.logLevel,
      tlsSans: settings.tlsSans, embeddedAgent, signal: shutdown.signal, serviceCIDR: settings.network.serviceCIDR,
      postStartHooks: [
        controlPlaneHook(withNetwork(controllersWithStorage({ localStorageDir: settings.localStorageDir ?? '/var/lib/tugboat/storage', sharedStorageDir: settings.sharedStorageDir }), settings.network)),
        ...(embeddedAgent ? [embeddedAgentHook({ dataDir: resolve(settings.dataDir), runtime: settings.runtime, serviceProxy: settings.serviceProxy })] : []),
      ],
    });
    io.out(kubectlHint(server.kubeconfigPath, server.url, embeddedAgent));
    await server.stopped;
  } finally {
    shutdown.dispose();
  }
}

function serverCommand(program: Command, name: string, description: string): Command {
  return program.command(name)
    .description(description)
    .option('--data-dir <dir>', 'state directory (database, certificates, kubeconfig)', '~/.tug')
    .option('--port <port>', 'HTTPS port of the API', '6443')
    .option('--bind <address>', 'address the API listens on', '127.0.0.1')
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .option('--tls-san <name>', 'extra name or IP in the serving certificate (repeatable)', collect)
    .option('--runtime <runtime>', 'container runtime of the embedded agent: auto, docker or process', 'auto')
    .option('--local-storage-dir <dir>', 'root of local-path volumes on every node', '/var/lib/tugboat/storage')
    .option('--shared-storage-dir <dir>', 'a directory every host mounts (NFS): enables the "shared" StorageClass')
    .option('--service-cidr <cidr>', 'IPv4 range of Service ClusterIPs; the cluster DNS is its .10', '10.43.0.0/16')
    .option('--cluster-domain <domain>', 'DNS domain of Services and pods', 'cluster.local')
    .addOption(new Option('--service-proxy <mode>', 'Services on the embedded agent: userspace proxy, nft (kernel DNAT) or none (also no cluster DNS)').choices(['userspace', 'nft', 'none']).default('userspace'));
}

function expandHome(flags: RawServerFlags): RawServerFlags {
  const home = process.env.HOME ?? '';
  return flags.dataDir === '~/.tug' || flags.dataDir?.startsWith('~/')
    ? { ...flags, dataDir: `${home}${flags.dataDir.slice(1)}` }
    : flags;
}

export function addServeCommands(program: Command, io: CliIo): void {
  serverCommand(program, 'up', 'run a single-host cluster: API server and an embedded agent, in the foreground')
    .action((flags: RawServerFlags) => serve(expandHome(flags), io, true));
  serverCommand(program, 'server', 'run the API server only (agents join separately)')
    .action((flags: RawServerFlags) => serve(expandHome(flags), io, false));
}
