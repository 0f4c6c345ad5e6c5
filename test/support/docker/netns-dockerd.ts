/**
 * A private Docker daemon inside a test's network namespace (test/support/hosts), so its
 * bridge, its containers and everything they reach live on addresses the test created:
 *
 *   const docker = await startNetnsDockerd(host, { bridgeOctet: 77 });
 *   after(() => docker.stop());              // always: stops dockerd, removes its directories
 *   host.exec('tug', [...], { env: { DOCKER_HOST: docker.dockerHost } });
 *
 * Started with `nsenter --net` rather than `ip netns exec`: the latter remounts /sys, which
 * hides the cgroup hierarchy dockerd needs. `unshare --mount --propagation slave` gives the
 * daemon a private mount namespace, so its overlay mounts go away with it. --iptables=false for
 * the same reason as scripts/docker/start-dockerd.sh (and there is no NAT to set up: the
 * namespace has no way out anyway). Its processes are in the host's namespace, so
 * `host.kill()`/`network.destroy()` end them too.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Host } from '../hosts/index.js';
import { repoRoot } from './images.js';

const run = promisify(execFile);

/** Daemons still running when the test process exits are killed (their namespace goes with the harness). */
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });

export interface NetnsDockerdOptions {
  /** The bridge is 10.255.<octet>.1/24 (default: random 1–254). */
  bridgeOctet?: number;
  startTimeoutMs?: number;
}

export interface NetnsDockerd {
  /** unix:///tmp/<x>.sock: pass as DOCKER_HOST. */
  dockerHost: string;
  /** The bridge gateway, the host's address as containers see it. */
  gateway: string;
  /** Builds the test images (scripts/images/build.sh) into this daemon. */
  loadTestImages(): Promise<void>;
  logs(): string;
  /** Stops the daemon (SIGTERM, then SIGKILL after 15 s) and deletes its directories. Idempotent. */
  stop(): Promise<void>;
}

async function answers(dockerHost: string): Promise<boolean> {
  try {
    await run('docker', ['-H', dockerHost, 'info', '--format', '{{.ID}}'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startNetnsDockerd(host: Host, options: NetnsDockerdOptions = {}): Promise<NetnsDockerd> {
  const octet = options.bridgeOctet ?? 1 + Math.floor(Math.random() * 254);
  const id = `tug-nsd-${process.pid}-${Math.random().toString(16).slice(2, 6)}`;
  const dir = `/tmp/${id}`;
  const socket = `/tmp/${id}.sock`;
  const dockerHost = `unix://${socket}`;
  await mkdir(`${dir}/root`, { recursive: true });
  await mkdir(`${dir}/exec`, { recursive: true });
  let output = '';
  const child = spawn('nsenter', [
    `--net=/var/run/netns/${host.namespace}`, 'unshare', '--mount', '--propagation', 'slave', 'dockerd', '--host', dockerHost, '--data-root', `${dir}/root`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/dockerd.pid`,
    '--iptables=false', '--ip-masq=false', '--userland-proxy=true', '--bip', `10.255.${octet}.1/24`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const gone = exited(child);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(hard);
      }
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      await rm(socket, { force: true }).catch(() => undefined);
    })();
    return stopping;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    while (!(await answers(dockerHost))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dockerd exited before it answered:\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`dockerd did not answer within ${options.startTimeoutMs ?? 30_000} ms:\n${output.slice(-3000)}`);
      await sleep(200);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    dockerHost,
    gateway: `10.255.${octet}.1`,
    logs: () => output,
    async loadTestImages() {
      await run('bash', [`${repoRoot()}/scripts/images/build.sh`], { env: { ...process.env, DOCKER_HOST: dockerHost }, timeout: 120_000 });
    },
    stop,
  };
}
