/**
 * One exec session over an accepted WebSocket: client stdin frames feed the command,
 * its stdout/stderr go out on channels 1/2, and the exit status on channel 3 ends it.
 */
import { PassThrough } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Runtime } from '../runtime/runtime.js';
import type { Pod } from '../pod/pod-types.js';
import { openPodExec } from '../pod-streams.js';
import type { AgentLogger } from '../logger.js';
import { CHANNEL, exitStatus, failureStatus, frame, parseClientFrame, type ExecProtocol, type ExecStatus } from './channels.js';

export interface ExecSessionOptions {
  runtime: Runtime;
  pod: Pod;
  container?: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  protocol: ExecProtocol;
  logger: AgentLogger;
}

/** How long output may trail the exit code before the status is sent anyway. */
const OUTPUT_DRAIN_MS = 2_000;

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    const s = stream as NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean };
    if (s.readableEnded || s.destroyed) return resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

export async function runExecSession(ws: WebSocket, o: ExecSessionOptions): Promise<void> {
  const abort = new AbortController();
  const stdin = o.stdin ? new PassThrough() : undefined;
  const finish = (status: ExecStatus) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame(CHANNEL.status, JSON.stringify(status)), { binary: true });
    ws.close(1000);
  };
  const tty: { resize?: (w: number, h: number) => void } = {};
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary && !Buffer.isBuffer(data)) return;
    const f = parseClientFrame(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), o.protocol);
    if (f.kind === 'stdin') stdin?.write(f.data);
    else if (f.kind === 'close' && f.channel === CHANNEL.stdin) stdin?.end();
    else if (f.kind === 'resize') tty.resize?.(f.width, f.height);
  });
  ws.on('close', () => { stdin?.end(); abort.abort(); });
  ws.on('error', () => abort.abort());

  const opened = await openPodExec(o.runtime, o.pod, { container: o.container, command: o.command, tty: o.tty, stdin, signal: abort.signal })
    .catch((err: unknown) => ({ ok: false as const, reason: 'BadRequest' as const, message: String(err) }));
  if (!opened.ok) return finish(failureStatus(opened.message));
  const session = opened.value;
  tty.resize = session.resize?.bind(session);
  const send = (channel: number, wanted: boolean) => (chunk: Buffer | string) => {
    if (wanted && ws.readyState === ws.OPEN) ws.send(frame(channel, chunk), { binary: true });
  };
  session.stdout.on('data', send(CHANNEL.stdout, o.stdout || o.tty));
  session.stderr.on('data', send(CHANNEL.stderr, o.stderr));
  const code = await session.exitCode;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([ended(session.stdout), ended(session.stderr)]),
    new Promise((resolve) => { timer = setTimeout(resolve, OUTPUT_DRAIN_MS); }),
  ]);
  clearTimeout(timer);
  o.logger.debug({ pod: `${o.pod.metadata.namespace}/${o.pod.metadata.name}`, command: o.command, exitCode: code }, 'exec finished');
  finish(exitStatus(code));
}
