/**
 * Reads a kubeconfig (the admin file `tug up` writes, or any standard one) into
 * HttpClientOptions. Only what Tugboat uses is understood: server, CA (inline or file),
 * insecure-skip-tls-verify, and bearer tokens (inline or file).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import type { HttpClientOptions } from './http-client.js';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

interface KubeconfigFile {
  'current-context'?: string;
  clusters?: Array<Named<{ server?: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean }>>;
  users?: Array<Named<{ token?: string; tokenFile?: string }>>;
  contexts?: Array<Named<{ cluster?: string; user?: string; namespace?: string }>>;
}

export interface KubeconfigClientOptions extends HttpClientOptions {
  /** The context's default namespace, if it names one. */
  namespace?: string;
  contextName: string;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

function find<T>(list: Array<Named<T>> | undefined, name: string, what: string): Named<T> {
  const entry = list?.find((x) => x.name === name);
  if (!entry) throw new KubeconfigError(`kubeconfig: ${what} "${name}" not found`);
  return entry;
}

/**
 * Pure part: the options for `context` (default: current-context). File references
 * (certificate-authority, tokenFile) are returned as paths for the caller to read.
 */
export function parseKubeconfig(text: string, opts: { context?: string } = {}): KubeconfigClientOptions & { caFile?: string; tokenFile?: string } {
  const config = (parse(text) ?? {}) as KubeconfigFile;
  const contextName = opts.context ?? config['current-context'];
  if (!contextName) throw new KubeconfigError('kubeconfig: no current-context set and no context given');
  const context = find(config.contexts, contextName, 'context').context ?? {};
  if (!context.cluster) throw new KubeconfigError(`kubeconfig: context "${contextName}" names no cluster`);
  const cluster = find(config.clusters, context.cluster, 'cluster').cluster ?? {};
  if (!cluster.server) throw new KubeconfigError(`kubeconfig: cluster "${context.cluster}" has no server`);
  const user = context.user ? (find(config.users, context.user, 'user').user ?? {}) : {};
  const caData = cluster['certificate-authority-data'];
  return {
    contextName,
    server: cluster.server,
    ...(caData ? { caPem: Buffer.from(caData, 'base64').toString('utf8') } : {}),
    ...(cluster['certificate-authority'] ? { caFile: cluster['certificate-authority'] } : {}),
    ...(cluster['insecure-skip-tls-verify'] ? { insecureSkipTlsVerify: true } : {}),
    ...(user.token ? { token: user.token } : {}),
    ...(user.tokenFile ? { tokenFile: user.tokenFile } : {}),
    ...(context.namespace ? { namespace: context.namespace } : {}),
  };
}

/** Reads the file at `path` and any files it refers to (relative to its folder, like kubectl). */
export async function loadKubeconfig(path: string, opts: { context?: string } = {}): Promise<KubeconfigClientOptions> {
  const { caFile, tokenFile, ...options } = parseKubeconfig(await readFile(path, 'utf8'), opts);
  const near = (p: string) => (isAbsolute(p) ? p : resolve(dirname(path), p));
  if (caFile && !options.caPem) options.caPem = await readFile(near(caFile), 'utf8');
  if (tokenFile && !options.token) options.token = (await readFile(near(tokenFile), 'utf8')).trim();
  return options;
}
