/** Validating `tug up` / `tug server` flags into StartServerOptions (pure). */
import { isIP } from 'node:net';
import type { LevelWithSilent } from 'pino';
import { defaultDataDir, serverDefaults } from '../server/defaults.js';
import { isLogLevel, LOG_LEVELS } from '../server/logger.js';
import { CliError } from './errors.js';

export interface RawServerFlags {
  dataDir?: string;
  port?: string;
  bind?: string;
  logLevel?: string;
  tlsSan?: string[];
  runtime?: string;
}

export interface ServerSettings {
  dataDir: string;
  port: number;
  bind: string;
  logLevel: LevelWithSilent;
  tlsSans: string[];
  /** Container runtime of the embedded agent (`tug up`): auto-detected unless given. */
  runtime: 'auto' | 'docker' | 'process';
}

const RUNTIMES = ['auto', 'docker', 'process'] as const;

export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  // 0 is accepted: "any free port", which tests use.
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid --port "${value}": expected 0-65535`);
  return port;
}

export function serverSettings(flags: RawServerFlags): ServerSettings {
  const bind = flags.bind ?? serverDefaults.bind;
  if (!isIP(bind)) throw new CliError(`invalid --bind "${bind}": expected an IP address such as 127.0.0.1 or 0.0.0.0`);
  const logLevel = flags.logLevel ?? serverDefaults.logLevel;
  if (!isLogLevel(logLevel)) throw new CliError(`invalid --log-level "${logLevel}": expected one of ${LOG_LEVELS.join(', ')}`);
  const tlsSans = (flags.tlsSan ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  const runtime = flags.runtime ?? 'auto';
  if (!(RUNTIMES as readonly string[]).includes(runtime)) throw new CliError(`invalid --runtime "${runtime}": expected one of ${RUNTIMES.join(', ')}`);
  return {
    runtime: runtime as ServerSettings['runtime'],
    dataDir: flags.dataDir ?? defaultDataDir(),
    port: flags.port === undefined ? serverDefaults.port : parsePort(flags.port),
    bind, logLevel, tlsSans,
  };
}

export function kubectlHint(kubeconfigPath: string, url: string, withAgent: boolean): string {
  return [
    `Tugboat API is serving at ${url}`,
    withAgent ? '' : 'No agent runs in this process: pods stay Pending until an agent joins.',
    'To use kubectl:',
    `  export KUBECONFIG=${kubeconfigPath}`,
    '  kubectl get nodes',
    '',
  ].filter((line, i) => i === 0 || line !== '' || i > 1).join('\n');
}
