/**
 * The server's pino logger: JSON, one event per line on stderr (stdout is for the
 * user-facing "how to use kubectl" text). Anything that looks like a credential is
 * redacted at the logger as a second line of defence; callers never log secrets anyway.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isLogLevel(value: string): value is LevelWithSilent {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export const REDACTED_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'headers.authorization',
  'key', '*.key', 'keyPem', '*.keyPem', 'password', '*.password',
];

export function createLogger(level: LevelWithSilent, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { component: 'tug' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination as pino.DestinationStream);
}
