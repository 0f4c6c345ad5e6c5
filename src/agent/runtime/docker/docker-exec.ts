import type Docker from 'dockerode';
import { PassThrough, type Duplex } from 'node:stream';
import type { ExecOptions, ExecSession } from '../runtime.js';
import { demultiplex } from './demux.js';
import { withTimeout } from './docker-client.js';

/**
 * Starts an exec; the exit code comes from exec inspect once the output stream ends.
 * Setting up is bounded by `setupTimeoutMs`; the session itself may idle as long as it likes.
 */
export async function dockerExec(container: Docker.Container, options: ExecOptions, setupTimeoutMs: number): Promise<ExecSession> {
  const tty = options.tty ?? false;
  const exec = await withTimeout(container.exec({
    Cmd: options.command, AttachStdout: true, AttachStderr: true, AttachStdin: Boolean(options.stdin), Tty: tty,
  }), setupTimeoutMs, 'exec create');
  const socket = (await withTimeout(exec.start({ hijack: true, stdin: Boolean(options.stdin), Tty: tty }), setupTimeoutMs, 'exec start')) as unknown as Duplex;
  if (options.stdin) {
    options.stdin.pipe(socket, { end: false });
    // Half-close after stdin ends so the command sees EOF while we keep reading its output.
    options.stdin.on('end', () => socket.end());
  } else {
    socket.end();
  }
  const abort = () => socket.destroy();
  options.signal?.addEventListener('abort', abort, { once: true });
  const { stdout, stderr } = tty ? { stdout: socket, stderr: emptyStream(socket) } : demultiplex(socket);
  const exitCode = new Promise<number>((resolve) => {
    const done = () => {
      options.signal?.removeEventListener('abort', abort);
      exec.inspect().then((info) => resolve(info.ExitCode ?? 137), () => resolve(137));
    };
    socket.once('close', done);
  });
  return {
    stdout, stderr, exitCode,
    resize: tty ? (w, h) => { void exec.resize({ w, h }).catch(() => undefined); } : undefined,
  };
}

function emptyStream(source: Duplex): NodeJS.ReadableStream {
  // With a TTY Docker sends one raw stream; stderr is merged into it.
  const s = new PassThrough();
  source.once('close', () => s.end());
  return s;
}
