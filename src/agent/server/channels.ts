/**
 * The Kubernetes remote-command channel protocol over WebSocket (v4/v5.channel.k8s.io):
 * binary frames whose first byte names the channel. Pure helpers, so the framing is
 * tested without sockets.
 */

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 } as const;

/** Protocols we speak, best first. v5 adds the 255 close-of-channel frame. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ExecProtocol = (typeof EXEC_PROTOCOLS)[number];

/** The protocol to answer with, from the client's offer; undefined if we share none. */
export function chooseProtocol(offered: Iterable<string>): ExecProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return EXEC_PROTOCOLS.find((p) => set.has(p));
}

export function frame(channel: number, data: Buffer | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), payload]);
}

export type ClientFrame =
  | { kind: 'stdin'; data: Buffer }
  | { kind: 'resize'; width: number; height: number }
  | { kind: 'close'; channel: number }
  | { kind: 'ignored' };

/** Decodes one frame from the client; anything malformed or unexpected is ignored. */
export function parseClientFrame(data: Buffer, protocol: ExecProtocol): ClientFrame {
  if (data.length === 0) return { kind: 'ignored' };
  const channel = data[0];
  const payload = data.subarray(1);
  if (channel === CHANNEL.stdin) return { kind: 'stdin', data: payload };
  if (channel === CHANNEL.resize) {
    try {
      const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
      if (typeof size.Width === 'number' && typeof size.Height === 'number') return { kind: 'resize', width: size.Width, height: size.Height };
    } catch { /* a bad resize is not worth ending the session */ }
    return { kind: 'ignored' };
  }
  if (channel === CHANNEL.close && protocol === 'v5.channel.k8s.io' && payload.length >= 1) return { kind: 'close', channel: payload[0] };
  return { kind: 'ignored' };
}

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: Array<{ reason: string; message: string }> };
}

/** The channel-3 status kubectl turns into its own exit code. */
export function exitStatus(exitCode: number): ExecStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** A session that could not start (no such container, runtime error). */
export function failureStatus(message: string): ExecStatus {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError' };
}
