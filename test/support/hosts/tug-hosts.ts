/**
 * A Tugboat cluster on the multi-host harness: `tug server` in one network-namespace host,
 * `tug agent --runtime process` in others, and a client host running a unix-socket bridge so
 * the test process (which has no route into the hosts' subnet, by design) can use the API.
 *
 *   const cluster = await startTugHosts({ agents: ['a1', 'a2', 'a3'] });
 *   after(() => cluster.destroy());
 *   await cluster.client.create(...);  await cluster.agents[0].partition();
 *
 * How an agent joins is in one place, agentConnectionArgs(): with the server's join token.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpClient, type HttpApiClient } from '../../../src/client/index.js';
import { repoRoot } from '../cluster/tug.js';
import { createHostNetwork, type Host, type HostNetwork } from './index.js';

export const API_PORT = 6443;
export const AGENT_PORT = 10250;

export interface TugHostsOptions {
  /** Agent host names (node names too). */
  agents: string[];
  /** Extra environment for every tug process. */
  env?: NodeJS.ProcessEnv;
  logLevel?: string;
}

export interface TugHosts {
  network: HostNetwork;
  serverHost: Host;
  agentHosts: Host[];
  /** API client through the client host's bridge; survives server restarts. */
  client: HttpApiClient;
  dataDir: string;
  /** Starts (or restarts after kill) the server and waits until it answers. */
  startServer(): Promise<void>;
  /** Starts the agent on `host` (fresh process, same data dir) and waits for its line "joined". */
  startAgent(host: Host): Promise<ChildProcess>;
  /** Output of every tug process started here, for failure messages. */
  logs(filter?: string): string;
  destroy(): Promise<void>;
}

/**
 * The flags that connect an agent to the server: the join token the server wrote at first start
 * (it pins the server's CA by its hash, so no CA file is passed), as a user would.
 */
export async function agentConnectionArgs(dataDir: string, serverAddress: string): Promise<string[]> {
  const token = (await readFile(join(dataDir, 'join-token'), 'utf8')).trim();
  return ['--server', `https://${serverAddress}:${API_PORT}`, '--token', token];
}

/** Forwards connections on a unix socket to host:port; runs inside a host namespace. */
const BRIDGE = `
const net = require('node:net'); const fs = require('node:fs');
const [sock, host, port] = process.argv.slice(1);
try { fs.unlinkSync(sock); } catch {}
net.createServer((c) => {
  const u = net.connect(Number(port), host);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  c.on('close', () => u.destroy()); u.on('close', () => c.destroy());
}).listen(sock, () => console.log('ready'));
`;

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string, logs: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) { cleanup(); resolve(); }
    };
    const onExit = (code: number | null, signal: string | null) => { cleanup(); reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${logs()}`)); };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`${what} not ready within ${timeoutMs} ms:\n${logs()}`)); }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startTugHosts(options: TugHostsOptions): Promise<TugHosts> {
  const network = await createHostNetwork({ hosts: ['server', 'client', ...options.agents] });
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-hosts-'));
  const serverHost = network.host('server');
  const clientHost = network.host('client');
  const agentHosts = options.agents.map((name) => network.host(name));
  const tug = join(repoRoot(), 'bin', 'tug.js');
  const output: string[] = [];
  const logs = (filter?: string) => output.filter((l) => !filter || l.startsWith(`[${filter}]`)).join('');
  const capture = (name: string, child: ChildProcess) => {
    const add = (d: Buffer) => { for (const line of d.toString().split('\n')) if (line) output.push(`[${name}] ${line}\n`); };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
  };
  const env = { ...options.env };
  const logLevel = options.logLevel ?? 'info';
  const socketPath = join(dataDir, 'api.sock');
  let client: HttpApiClient | undefined;

  const destroy = async () => {
    await client?.close().catch(() => undefined);
    await network.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };

  const startServer = async () => {
    const child = serverHost.exec(process.execPath, [
      tug, 'server', '--data-dir', join(dataDir, 'server'), '--port', String(API_PORT), '--bind', serverHost.address,
      '--tls-san', serverHost.address, '--log-level', logLevel,
    ], { env });
    capture('server', child);
    await waitForLine(child, /Tugboat API is serving/, 30_000, 'tug server', () => logs('server'));
  };

  const startAgent = async (host: Host) => {
    const args = await agentConnectionArgs(join(dataDir, 'server'), serverHost.address);
    const child = host.exec(process.execPath, [
      tug, 'agent', ...args, '--name', host.name, '--address', host.address, '--port', String(AGENT_PORT),
      '--runtime', 'process', '--data-dir', join(dataDir, `agent-${host.name}`), '--log-level', logLevel,
    ], { env });
    capture(host.name, child);
    await waitForLine(child, /joined/, 30_000, `tug agent ${host.name}`, () => logs(host.name));
    return child;
  };

  try {
    await startServer();
    const bridge = clientHost.exec(process.execPath, ['-e', BRIDGE, socketPath, serverHost.address, String(API_PORT)]);
    capture('bridge', bridge);
    await waitForLine(bridge, /ready/, 10_000, 'api bridge', () => logs('bridge'));
    for (let i = 0; i < 50 && !existsSync(socketPath); i++) await sleep(20);
    const caPem = await readFile(join(dataDir, 'server', 'tls', 'ca.crt'), 'utf8');
    const token = (await readFile(join(dataDir, 'server', 'tokens', 'admin'), 'utf8')).trim();
    client = createHttpClient({ server: `https://${serverHost.address}:${API_PORT}`, caPem, token, socketPath, userAgent: 'tug-e2e-hosts', timeoutMs: 5_000 });
    await Promise.all(agentHosts.map((h) => startAgent(h)));
  } catch (err) {
    await destroy();
    throw err;
  }
  return { network, serverHost, agentHosts, client: client!, dataDir, startServer, startAgent, logs, destroy };
}
