/** Validating `tug up` / `tug server` flags into StartServerOptions (pure). */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { defaultDataDir, serverDefaults } from '../server/defaults.js';
import { isLogLevel, LOG_LEVELS } from '../server/logger.js';
import { CliError } from './errors.js';
import { networkSettingsFor, type ClusterNetworkSettings } from '../net/network-settings.js';

export interface RawServerFlags {
  dataDir?: string;
  port?: string;
  bind?: string;
  logLevel?: string;
  tlsSan?: string[];
  runtime?: string;
  localStorageDir?: string;
  sharedStorageDir?: string;
  serviceCidr?: string;
  clusterDomain?: string;
  serviceProxy?: string;
}

export interface ServerSettings {
  dataDir: string;
  port: number;
  bind: string;
  logLevel: LevelWithSilent;
  tlsSans: string[];
  /** Container runtime of the embedded agent (`tug up`): auto-detected unless given. */
  runtime: 'auto' | 'docker' | 'process';
  /** Root of `local-path` volumes on every node (absolute); the volume controller's default when absent. */
  localStorageDir?: string;
  /** A directory every host mounts at the same path: enables the `shared` StorageClass. */
  sharedStorageDir?: string;
  /** Service CIDR, cluster DNS address and domain, published for agents. */
  network: ClusterNetworkSettings;
  /** The embedded agent's Services implementation; `none` = no proxy and no DNS. */
  serviceProxy: ServiceProxyChoice;
}

export const SERVICE_PROXY_CHOICES = ['userspace', 'nft', 'none'] as const;
export type ServiceProxyChoice = typeof SERVICE_PROXY_CHOICES[number];

/** `--service-proxy` and `--service-cidr`/`--cluster-domain`, shared by `tug up|server` and `tug agent`. */
export function serviceProxyChoice(value: string | undefined): ServiceProxyChoice {
  const choice = value ?? 'userspace';
  if (!(SERVICE_PROXY_CHOICES as readonly string[]).includes(choice)) throw new CliError(`invalid --service-proxy "${choice}": expected one of ${SERVICE_PROXY_CHOICES.join(', ')}`);
  return choice as ServiceProxyChoice;
}

export function networkFlags(flags: { serviceCidr?: string; clusterDomain?: string }): ClusterNetworkSettings {
  const result = networkSettingsFor({ serviceCIDR: flags.serviceCidr, clusterDomain: flags.clusterDomain });
  if (!result.ok) throw new CliError(result.message.replace('service CIDR', '--service-cidr').replace('cluster domain', '--cluster-domain'));
  return result.settings;
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
    network: networkFlags(flags), serviceProxy: serviceProxyChoice(flags.serviceProxy),
    ...(flags.localStorageDir ? { localStorageDir: resolve(flags.localStorageDir) } : {}),
    ...(flags.sharedStorageDir ? { sharedStorageDir: resolve(flags.sharedStorageDir) } : {}),
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
