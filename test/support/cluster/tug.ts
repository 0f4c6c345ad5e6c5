/**
 * Starts `tug up` as a child process on a temp data dir and a free loopback port, for
 * end-to-end tests. Uses the compiled CLI (bin/tug.js → dist/), so run `npx tsc -p .` first.
 *
 *   const cluster = await startTug();
 *   after(() => cluster.dispose());          // always: kills the child, removes temp dirs
 *   const r = await cluster.kubectl(['get', 'pods']);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawRequest, type RawRequest, type RawResponse } from './http.js';
import { runKubectl, spawnKubectl, type CommandResult, type KubectlProcess } from './kubectl.js';
import { freePort } from './ports.js';

/** The repository root, from either test/support/cluster (tsx) or dist/test/support/cluster. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'tug.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find bin/tug.js above the test harness');
    dir = parent;
  }
  return dir;
}

export interface StartTugOptions {
  /** Extra CLI arguments after `up --data-dir … --port … --bind 127.0.0.1`. */
  args?: string[];
  env?: Record<string, string>;
  /** `up` (default) or `server`. */
  command?: 'up' | 'server';
  startTimeoutMs?: number;
  /**
   * Services on the embedded agent. Default `none`: many suites run several `tug up` on one
   * machine, and each proxy would claim the same cluster DNS address and route. A suite that
   * tests Services asks for `userspace` or `nft` (or passes --service-proxy in `args`).
   */
  serviceProxy?: 'userspace' | 'nft' | 'none';
}

export interface TugCluster {
  dataDir: string;
  port: number;
  url: string;
  kubeconfig: string;
  caPem: string;
  token: string;
  /** PID of the current server process. */
  pid(): number;
  /** Server stdout+stderr so far (JSON log lines), for debugging a failure. */
  logs(): string;
  kubectl(args: readonly string[], options?: { input?: string; kubeconfig?: string }): Promise<CommandResult>;
  kubectlWatch(args: readonly string[]): KubectlProcess;
  /** Runs the `tug` CLI (a client command such as get/apply/delete) against this cluster. */
  tug(args: readonly string[], options?: { input?: string }): Promise<CommandResult>;
  request(req: RawRequest): Promise<RawResponse>;
  /** Signals the server and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts the server again on the same data dir and port. */
  restart(): Promise<void>;
  /** Kills the server if running and removes the temp dirs. Safe to call twice. */
  dispose(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });

async function isReady(url: string, caPem: string): Promise<boolean> {
  try {
    const res = await rawRequest({ url, caPem }, { path: '/version' });
    return res.status === 200;
  } catch {
    return false;
  }
}

interface Spawned {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnTug(argv: string[], env: Record<string, string>, log: (s: string) => void): Spawned {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'tug.js'), ...argv], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, signal) => { live.delete(child); done({ code, signal }); });
  });
  return { child, exited };
}

function runTugCli(args: readonly string[], env: Record<string, string>, input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'tug.js'), ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

async function waitUntilReady(spawned: Spawned, dataDir: string, url: string, timeoutMs: number, logs: () => string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void spawned.exited.then(() => { exited = true; });
  const caPath = join(dataDir, 'tls', 'ca.crt');
  while (Date.now() < deadline) {
    if (exited) throw new Error(`tug exited before it was ready:\n${logs()}`);
    if (existsSync(join(dataDir, 'kubeconfig.yaml')) && existsSync(caPath)) {
      const caPem = await readFile(caPath, 'utf8');
      if (await isReady(url, caPem)) return caPem;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  spawned.child.kill('SIGKILL');
  throw new Error(`tug did not become ready within ${timeoutMs} ms:\n${logs()}`);
}

export async function startTug(options: StartTugOptions = {}): Promise<TugCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-e2e-data-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'tug-e2e-kubectl-'));
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const proxyArgs = (options.args ?? []).includes('--service-proxy') ? [] : ['--service-proxy', options.serviceProxy ?? 'none'];
  const argv = [options.command ?? 'up', '--data-dir', dataDir, '--port', String(port), '--bind', '127.0.0.1', ...proxyArgs, ...(options.args ?? [])];
  let output = '';
  const logs = () => output;
  let current: Spawned | undefined;
  let caPem = '';

  const boot = async () => {
    // Kubeconfig is rewritten at each start; remove nothing, wait for the new server to answer.
    current = spawnTug(argv, options.env ?? {}, (s) => { output += s; });
    try {
      caPem = await waitUntilReady(current, dataDir, url, options.startTimeoutMs ?? 30_000, logs);
    } catch (err) {
      current.child.kill('SIGKILL');
      await current.exited;
      throw err;
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!current) return { code: null, signal: null };
    const running = current;
    current = undefined;
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
    const hardKill = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    try {
      return await running.exited;
    } finally {
      clearTimeout(hardKill);
    }
  };
  const dispose = async () => {
    await stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  };

  try {
    await boot();
  } catch (err) {
    await dispose();
    throw err;
  }
  const token = (await readFile(join(dataDir, 'tokens', 'admin'), 'utf8')).trim();
  return {
    dataDir, port, url, kubeconfig, token,
    get caPem() { return caPem; },
    pid: () => current?.child.pid ?? -1,
    logs,
    kubectl: (args, o = {}) => runKubectl({ kubeconfig: o.kubeconfig ?? kubeconfig, cacheDir }, args, { input: o.input }),
    kubectlWatch: (args) => spawnKubectl({ kubeconfig, cacheDir }, args),
    tug: (args, o = {}) => runTugCli(args, { KUBECONFIG: kubeconfig, ...(options.env ?? {}) }, o.input),
    request: (req) => rawRequest({ url, caPem }, req),
    stop,
    restart: async () => {
      await stop();
      await boot();
    },
    dispose,
  };
}

