/**
 * Spawning and signalling host processes. Each container is its own process group
 * (detached), so stop() reaches every descendant and the group outlives the agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, openSync, closeSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { constants as osConstants } from 'node:os';
import { exitCodeForSignal } from '../results.js';

export interface SpawnRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** File both stdout and stderr append to. */
  outputPath: string;
}

/** Resolves argv[0] like execvp would; undefined when there is no such executable. */
export function resolveExecutable(command: string, env: Record<string, string>, cwd: string): string | undefined {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  return candidates.find((file) => {
    try {
      accessSync(file, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function spawnContainerProcess(request: SpawnRequest): ChildProcess {
  const out = openSync(request.outputPath, 'a');
  try {
    const child = spawn(request.argv[0], request.argv.slice(1), {
      cwd: request.cwd, env: request.env, detached: true, stdio: ['ignore', out, out],
    });
    child.unref();
    return child;
  } finally {
    closeSync(out);
  }
}

/** Exit code as Kubernetes reports it: the code, or 128 + signal number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? exitCodeForSignal(signal, osConstants.signals as Record<string, number>) ?? 255;
}

/** Signals the whole process group; a vanished group is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves true once `exited()` holds, or false after `timeoutMs`. */
export async function waitUntil(exited: () => Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await exited()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
