/**
 * Teardown that survives the test process going away:
 *  - process 'exit' and SIGINT/SIGTERM/SIGHUP run every live network's synchronous teardown;
 *  - a detached watchdog (scripts/netns/cleanup-stale.sh --run) waits for this process to
 *    die and removes the run's namespaces, which covers SIGKILL and crashes of node itself.
 * What neither catches (the machine rebooting mid-run leaves nothing; an old harness version)
 * is for `scripts/netns/cleanup-stale.sh` with no arguments, which CI runs first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LiveNetwork {
  destroySync(): void;
}

const live = new Set<LiveNetwork>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SCRIPT = join('scripts', 'netns', 'cleanup-stale.sh');

function destroyAllSync(): void {
  for (const network of [...live]) network.destroySync();
  live.clear();
}

function onExit(): void {
  destroyAllSync();
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAllSync();
  uninstall();
  // Our listener replaced the default "die on signal"; restore it unless someone else handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Keeps `network` torn down on exit or signal until the returned function is called. */
export function registerForCleanup(network: LiveNetwork): () => void {
  if (live.size === 0) install();
  live.add(network);
  return () => {
    if (!live.delete(network)) return;
    if (live.size === 0) uninstall();
  };
}

/** scripts/netns/cleanup-stale.sh, found upwards from this file (works from test/ under tsx and from dist/test/). */
export function cleanupScriptPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, SCRIPT))) return join(dir, SCRIPT);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface Watchdog {
  stop(): void;
}

/**
 * Starts the detached watchdog for `runId`. It lives in its own process group (so a Ctrl-C
 * to ours does not take it down with us) and is stopped by group id when we clean up ourselves.
 */
export function startWatchdog(runId: string): Watchdog {
  const script = cleanupScriptPath();
  if (!script) return { stop() {} };
  const child: ChildProcess = spawn('bash', [script, '--run', runId, '--wait-for-pid', String(process.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => {}); // no bash: the exit handlers still clean up
  child.unref();
  return {
    stop() {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
