/** Validating `tug agent` flags into settings (pure: no files are read here). */
import { isIP } from 'node:net';
import type { LevelWithSilent } from 'pino';
import { isLogLevel, LOG_LEVELS } from '../server/logger.js';
import { parseToken } from '../pki/tokens.js';
import { CliError } from './errors.js';
import { parsePort, serviceProxyChoice, type ServiceProxyChoice } from './server-flags.js';

export interface RawAgentFlags {
  server?: string;
  token?: string;
  caFile?: string;
  kubeconfig?: string;
  name?: string;
  address?: string;
  port?: string;
  labels?: string;
  runtime?: string;
  dataDir?: string;
  logLevel?: string;
  serviceProxy?: string;
}

export type AgentConnection =
  /** caFile absent: the token pins the CA by hash (K10<sha256>::…), fetched from /cacerts. */
  | { kind: 'flags'; server: string; token: string; caFile?: string }
  | { kind: 'kubeconfig'; path: string };

export interface AgentSettings {
  connection: AgentConnection;
  nodeName: string;
  address: string;
  port: number;
  labels: Record<string, string>;
  runtime: 'auto' | 'docker' | 'process' | 'hollow';
  dataDir: string;
  logLevel: LevelWithSilent;
  /** Service proxy + cluster DNS on this node; `none` runs neither. */
  serviceProxy: ServiceProxyChoice;
}

export const AGENT_RUNTIMES = ['auto', 'docker', 'process', 'hollow'] as const;
export const DEFAULT_AGENT_PORT_FLAG = 10250;

/** A DNS-1123 subdomain, what a Node name must be. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (eq < 0 || !LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) throw new CliError(`invalid --labels entry "${item}": expected key=value`);
    labels[key] = value;
  }
  return labels;
}

function connectionOf(flags: RawAgentFlags): AgentConnection {
  const direct = [flags.server, flags.token, flags.caFile].filter((v) => v !== undefined).length;
  if (flags.kubeconfig !== undefined) {
    if (direct > 0) throw new CliError('--kubeconfig cannot be combined with --server, --token or --ca-file');
    return { kind: 'kubeconfig', path: flags.kubeconfig };
  }
  if (flags.server === undefined || flags.token === undefined) {
    throw new CliError('--server and --token are required (or give --kubeconfig)');
  }
  let url: URL;
  try {
    url = new URL(flags.server);
  } catch {
    throw new CliError(`invalid --server "${flags.server}": expected https://HOST:PORT`);
  }
  if (url.protocol !== 'https:') throw new CliError(`invalid --server "${flags.server}": expected https://HOST:PORT`);
  const token = flags.token.trim();
  if (token === '') throw new CliError('--token is empty');
  if (flags.caFile === undefined && parseToken(token)?.caHash === undefined) {
    throw new CliError('--ca-file is required unless the token carries the CA hash (K10<sha256>::<id>.<secret>)');
  }
  const server = flags.server.replace(/\/+$/, '');
  return flags.caFile === undefined ? { kind: 'flags', server, token } : { kind: 'flags', server, token, caFile: flags.caFile };
}

export function agentSettings(flags: RawAgentFlags, defaults: { hostname: string; home: string }): AgentSettings {
  const connection = connectionOf(flags);
  const nodeName = flags.name ?? defaults.hostname.toLowerCase();
  if (!NODE_NAME.test(nodeName) || nodeName.length > 253) throw new CliError(`invalid --name "${nodeName}": expected a lowercase DNS name such as node-1`);
  const address = flags.address ?? '127.0.0.1';
  if (!isIP(address) || address === '0.0.0.0' || address === '::') throw new CliError(`invalid --address "${address}": expected this host's IP address`);
  const logLevel = flags.logLevel ?? 'info';
  if (!isLogLevel(logLevel)) throw new CliError(`invalid --log-level "${logLevel}": expected one of ${LOG_LEVELS.join(', ')}`);
  const runtime = flags.runtime ?? 'auto';
  if (!(AGENT_RUNTIMES as readonly string[]).includes(runtime)) throw new CliError(`invalid --runtime "${runtime}": expected one of ${AGENT_RUNTIMES.join(', ')}`);
  const rawDir = flags.dataDir ?? '~/.tug-agent';
  const dataDir = rawDir === '~' || rawDir.startsWith('~/') ? `${defaults.home}${rawDir.slice(1)}` : rawDir;
  return {
    connection, nodeName, address, logLevel, dataDir,
    port: flags.port === undefined ? DEFAULT_AGENT_PORT_FLAG : parsePort(flags.port),
    labels: flags.labels === undefined ? {} : parseLabels(flags.labels),
    runtime: runtime as AgentSettings['runtime'],
    serviceProxy: serviceProxyChoice(flags.serviceProxy),
  };
}
