/**
 * Running short commands (`ip …`, a probe inside a host) to completion with a bound on
 * time. The outcome is a value: a non-zero exit or a timeout is reported, not thrown.
 */
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';

export interface RunResult {
  /** Exit code, or null when the process ended by a signal (including our timeout kill). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True if the process was SIGKILLed because it outlived timeoutMs. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Default 10 s: every harness command is bounded so a hang fails the test instead of stalling it. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export const DEFAULT_RUN_TIMEOUT_MS = 10_000;

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = { stdio: 'pipe', env: options.env, cwd: options.cwd };
    const child = spawn(command, args, spawnOptions);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    // A child that never reads stdin may close it first; that EPIPE is not our failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs `ip` and throws with its stderr on failure: the harness cannot go on with a half-built network. */
export async function ip(args: readonly string[], input?: string): Promise<string> {
  const result = await runCommand('ip', args, { input });
  if (result.code !== 0) {
    const why = result.timedOut ? 'timed out' : `exited ${result.code ?? result.signal}`;
    throw new Error(`ip ${args.join(' ')} ${why}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Synchronous `ip` for the process 'exit' handler, where no promise can run. Never throws. */
export function ipSync(args: readonly string[]): string {
  try {
    return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).toString();
  } catch {
    return '';
  }
}

/** Parses `ip netns pids` output (one pid a line). */
export function parsePids(output: string): number[] {
  return output.split('\n').map((line) => line.trim()).filter((line) => /^\d+$/.test(line)).map(Number);
}
