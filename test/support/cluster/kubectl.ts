/**
 * Running the real kubectl against a test cluster. The `kubectl` on PATH here is Google
 * Cloud SDK's dispatcher, which probes /version and then runs a versioned binary; for
 * determinism we call kubectl.1.32 beside it directly (kubernetes-api.md §0), unless
 * TUG_KUBECTL names another binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectlBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUG_KUBECTL) return env.TUG_KUBECTL;
  for (const candidate of ['/usr/bin/kubectl', '/usr/local/bin/kubectl']) {
    if (!existsSync(candidate)) continue;
    const pinned = join(dirname(realpathSync(candidate)), 'kubectl.1.32');
    return existsSync(pinned) ? pinned : candidate;
  }
  return 'kubectl';
}

export interface KubectlContext {
  kubeconfig: string;
  cacheDir: string;
}

function kubectlArgs(context: KubectlContext, args: readonly string[]): string[] {
  return [`--kubeconfig=${context.kubeconfig}`, `--cache-dir=${context.cacheDir}`, ...args];
}

function kubectlEnv(context: KubectlContext): NodeJS.ProcessEnv {
  // HOME points at the private cache dir so nothing is read from or written to ~/.kube.
  const { KUBECONFIG: _unused, ...rest } = process.env;
  return { ...rest, HOME: context.cacheDir };
}

/** Runs kubectl to completion (killed after timeoutMs, default 60 s, so a hang fails the test). */
export function runKubectl(
  context: KubectlContext, args: readonly string[], options: { input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlBinary(), kubectlArgs(context, args), { env: kubectlEnv(context), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running kubectl (e.g. `get -w`) whose output can be awaited line by line. */
export interface KubectlProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with all output so far once it matches; rejects if kubectl exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

export function spawnKubectl(context: KubectlContext, args: readonly string[]): KubectlProcess {
  const child = spawn(kubectlBinary(), kubectlArgs(context, args), { env: kubectlEnv(context), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => { for (const l of [...listeners]) l(); };
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); notify(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); notify(); });
  const closed = new Promise<void>((resolve) => child.on('close', () => { exited = true; notify(); resolve(); }));
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) { done(); resolve(output); } else if (exited) { done(); reject(new Error(`kubectl exited before ${pattern}:\n${output}`)); }
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${pattern}:\n${output}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); listeners.delete(check); };
      listeners.add(check);
      check();
    }),
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await closed;
    },
  };
}
