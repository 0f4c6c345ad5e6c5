/**
 * One simulated host: run processes inside its network namespace, and break it the ways a
 * real machine breaks — crash (SIGKILL everything), freeze (SIGSTOP), cable pulled (link down).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ip, ipSync, parsePids, runCommand, type RunOptions, type RunResult } from './command.js';
import type { HostPlan } from './plan.js';

export interface ExecOptions {
  /** Merged over process.env (the child still finds PATH, HOME, …). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default 'pipe' for all three. */
  stdio?: StdioOptions;
}

export interface Host {
  readonly name: string;
  readonly namespace: string;
  /** IPv4 address on the switch; servers on this host should bind it (or 0.0.0.0). */
  readonly address: string;
  /** Starts `command args` inside the namespace; the process is tracked and dies with the host. */
  exec(command: string, args?: readonly string[], options?: ExecOptions): ChildProcess;
  /** Runs `command args` inside the namespace to completion (bounded by options.timeoutMs, default 10 s). */
  run(command: string, args?: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Every process whose network namespace is this host's, however it was started. */
  pids(): Promise<number[]>;
  /** SIGKILLs every process in the namespace and resolves once none is left (rejects after timeoutMs, default 5 s). */
  kill(options?: { timeoutMs?: number }): Promise<void>;
  /** SIGSTOPs every process in the namespace: the host is up on the network but answers nothing. */
  pause(): Promise<void>;
  /** SIGCONTs every process in the namespace. */
  resume(): Promise<void>;
  /** Sets both ends of the host's veth down: packets to and from it are lost. */
  partition(): Promise<void>;
  /** Sets both ends of the host's veth up again. */
  heal(): Promise<void>;
  /** Processes started with exec() that have not exited yet. */
  processes(): ChildProcess[];
}

/** What the owning network needs beyond the public face, for teardown. */
export interface ManagedHost extends Host {
  /** Best-effort synchronous SIGKILL of everything in the namespace, for the process 'exit' handler. */
  killSync(): void;
  /** Resolves when every tracked child has exited (or after timeoutMs). */
  settled(timeoutMs: number): Promise<void>;
}

const POLL_MS = 20;

/** Sends `signal` to each pid; a process that exited meanwhile (ESRCH) is not an error. */
function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    // The namespace never holds the test process itself, but a wrong pid list must not kill us.
    if (pid === process.pid || pid <= 1) continue;
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

export function createHost(plan: HostPlan, switchNamespace: string): ManagedHost {
  const tracked = new Set<ChildProcess>();
  const exitPromises = new Map<ChildProcess, Promise<void>>();

  const pids = async (): Promise<number[]> => parsePids(await ip(['netns', 'pids', plan.namespace]));

  const signalNamespace = async (signal: NodeJS.Signals): Promise<void> => {
    // Two passes: a process forked while the first pass ran is caught by the second.
    signalAll(await pids(), signal);
    signalAll(await pids(), signal);
  };

  const settled = async (timeoutMs: number): Promise<void> => {
    const exits = Promise.all([...tracked].map((child) => exitPromises.get(child)));
    const timer = new AbortController();
    await Promise.race([exits, sleep(timeoutMs, undefined, { signal: timer.signal }).catch(() => {})]);
    timer.abort();
  };

  const setLinks = async (state: 'up' | 'down'): Promise<void> => {
    await ip(['-n', switchNamespace, 'link', 'set', plan.switchPort, state]);
    await ip(['-n', plan.namespace, 'link', 'set', plan.hostInterface, state]);
  };

  return {
    name: plan.name,
    namespace: plan.namespace,
    address: plan.address,

    exec(command, args = [], options = {}) {
      const child = spawn('ip', ['netns', 'exec', plan.namespace, command, ...args], {
        env: { ...process.env, ...options.env },
        cwd: options.cwd,
        stdio: options.stdio ?? 'pipe',
      });
      tracked.add(child);
      exitPromises.set(child, new Promise((resolve) => {
        const done = () => { tracked.delete(child); exitPromises.delete(child); resolve(); };
        child.once('exit', done);
        child.once('error', done);
      }));
      return child;
    },

    run(command, args = [], options = {}) {
      return runCommand('ip', ['netns', 'exec', plan.namespace, command, ...args], {
        ...options,
        env: { ...process.env, ...options.env },
      });
    },

    pids,

    async kill({ timeoutMs = 5_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const remaining = await pids();
        if (remaining.length === 0) break;
        if (Date.now() > deadline) throw new Error(`host ${plan.name}: processes ${remaining.join(', ')} survived SIGKILL for ${timeoutMs} ms`);
        signalAll(remaining, 'SIGKILL');
        await sleep(POLL_MS);
      }
      await settled(Math.max(0, deadline - Date.now()));
    },

    pause: () => signalNamespace('SIGSTOP'),
    resume: () => signalNamespace('SIGCONT'),
    partition: () => setLinks('down'),
    heal: () => setLinks('up'),

    processes: () => [...tracked],

    killSync() {
      signalAll(parsePids(ipSync(['netns', 'pids', plan.namespace])), 'SIGKILL');
    },

    settled,
  };
}
