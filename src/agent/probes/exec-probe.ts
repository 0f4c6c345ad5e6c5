/** Exec probe: the command run inside the container through Runtime.exec; exit 0 = success. */
import type { Runtime } from '../runtime/runtime.js';
import type { ProbeOutcome } from './probe-state.js';
import type { Clock } from '../../client/clock.js';

const OUTPUT_EXCERPT_BYTES = 1024;

export async function execProbe(runtime: Runtime, req: { containerId: string; command: string[]; timeoutMs: number; clock: Clock }): Promise<ProbeOutcome> {
  const abort = new AbortController();
  const session = await runtime.exec(req.containerId, { command: req.command, signal: abort.signal });
  if (!session.ok) return { result: 'failure', message: session.message };
  const output: Buffer[] = [];
  let size = 0;
  const collect = (c: Buffer | string) => { if (size < OUTPUT_EXCERPT_BYTES) { const b = Buffer.from(c); output.push(b); size += b.length; } };
  session.value.stdout.on('data', collect);
  session.value.stderr.on('data', collect);
  let timer: unknown;
  const timedOut = new Promise<'timeout'>((resolve) => { timer = req.clock.setTimeout(() => resolve('timeout'), req.timeoutMs); });
  const exitCode = await Promise.race([session.value.exitCode.catch(() => -1), timedOut]);
  if (exitCode === 'timeout') {
    abort.abort();
    return { result: 'failure', message: `command ${JSON.stringify(req.command)} timed out after ${req.timeoutMs / 1000}s` };
  }
  if (exitCode === 0) { req.clock.clearTimeout(timer); return { result: 'success' }; }
  // The exit code can arrive before the last output chunk: wait for the streams (bounded by the timeout).
  await Promise.race([Promise.all([ended(session.value.stdout), ended(session.value.stderr)]), timedOut]);
  req.clock.clearTimeout(timer);
  const text = Buffer.concat(output).subarray(0, OUTPUT_EXCERPT_BYTES).toString('utf8').trim();
  return { result: 'failure', message: text || `command ${JSON.stringify(req.command)} exited with ${exitCode}` };
}

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    if ((stream as { readableEnded?: boolean }).readableEnded) return resolve();
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
  });
}
