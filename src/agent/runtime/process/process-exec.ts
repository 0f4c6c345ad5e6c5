import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { ExecOptions, ExecSession } from '../runtime.js';
import { exitCodeOf } from './process-control.js';

/** Runs an exec command on the host in the container's working dir and env. */
export function execOnHost(options: ExecOptions, cwd: string, env: Record<string, string>): ExecSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const child = spawn(options.command[0], options.command.slice(1), {
    cwd, env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], signal: options.signal,
  });
  child.stdout?.pipe(stdout);
  child.stderr?.pipe(stderr);
  if (options.stdin && child.stdin) {
    options.stdin.pipe(child.stdin);
    child.stdin.on('error', () => undefined); // the command may exit without reading stdin
  }
  const exitCode = new Promise<number>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        // Same convention as a shell and `docker exec`: 127 = command not found.
        stderr.end(`exec: "${options.command[0]}": executable file not found in $PATH\n`);
        stdout.end();
        resolve(127);
      } else if (error.name === 'AbortError') {
        resolve(137);
      } else {
        stderr.end(`${error.message}\n`);
        stdout.end();
        resolve(126);
      }
    });
    child.once('close', (code, signal) => resolve(exitCodeOf(code, signal)));
  });
  return { stdout, stderr, exitCode };
}
