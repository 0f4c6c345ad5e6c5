import { PassThrough } from 'node:stream';
import type { ExecSession } from '../runtime.js';

/**
 * Exec in a simulated container understands just enough for probes and tests:
 * `echo …` prints its arguments, `sh -c 'exit N'` exits N, `false` exits 1,
 * anything else succeeds silently.
 */
export function simulateExec(command: string[]): ExecSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let code = 0;
  const [bin, ...rest] = command;
  if (bin === 'echo') stdout.write(`${rest.join(' ')}\n`);
  else if (bin === 'false') code = 1;
  else if (bin === 'sh' && rest[0] === '-c') {
    const m = /^\s*exit\s+(\d+)\s*$/.exec(rest[1] ?? '');
    if (m) code = Number(m[1]);
  }
  stdout.end();
  stderr.end();
  return { stdout, stderr, exitCode: Promise.resolve(code) };
}
