/**
 * The PKI on disk, under DATA_DIR/tls/: ca.crt, ca.key, apiserver.crt, apiserver.key.
 * Generated at first start, reused on restart so existing kubeconfigs keep trusting the
 * server. The serving certificate is re-issued (from the same CA) when a SAN the server
 * now needs is missing, e.g. after `--bind` or `--tls-san` changed.
 */
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import {
  createCertificateAuthority, issueServingCertificate, issueClientCertificate, certificateSans, isSignedBy, type PemPair,
} from './certificates.js';

/** Names every serving certificate carries, besides the bind address and --tls-san values. */
export const DEFAULT_SANS: readonly string[] = ['127.0.0.1', '::1', 'localhost', 'kubernetes', 'kubernetes.default.svc'];

export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** The apiserver's client certificate towards agents (CN tug-apiserver). */
  clientCert: string;
  clientKey: string;
}

export interface ClusterPki {
  paths: PkiPaths;
  ca: PemPair;
  serving: PemPair;
  /** What happened at this start, for the log: nothing secret. */
  actions: Array<'created-ca' | 'issued-serving-cert'>;
}

/** CN of the apiserver's client certificate; agents serve logs/exec to this identity only. */
export const APISERVER_CLIENT_CN = 'tug-apiserver';

export function pkiPaths(dataDir: string): PkiPaths {
  const dir = join(dataDir, 'tls');
  return {
    dir,
    caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'apiserver.crt'), serverKey: join(dir, 'apiserver.key'),
    clientCert: join(dir, 'apiserver-client.crt'), clientKey: join(dir, 'apiserver-client.key'),
  };
}

/** The SANs the serving cert needs for this bind address (0.0.0.0 / :: are not names). */
export function requiredSans(bind: string, extraSans: readonly string[] = []): string[] {
  const wildcard = bind === '0.0.0.0' || bind === '::' || bind === '';
  return [...new Set([...DEFAULT_SANS, ...(wildcard ? [] : [bind]), ...extraSans])];
}

/** Normalises IP text so '::1' and '0:0:0:0:0:0:0:1' compare equal. */
function normaliseSan(value: string): string {
  if (isIP(value) !== 6) return value.toLowerCase();
  try {
    return new URL(`http://[${value}]/`).hostname;
  } catch {
    return value;
  }
}

export function missingSans(certPem: string, wanted: readonly string[]): string[] {
  const have = new Set(certificateSans(certPem).map(normaliseSan));
  return wanted.filter((s) => !have.has(normaliseSan(s)));
}

/** A file's text, or undefined when it does not exist (any other error is thrown). */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeSecretFile(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600); // writeFile keeps the mode of an existing file
}

async function loadOrCreateCa(paths: PkiPaths, actions: ClusterPki['actions']): Promise<PemPair> {
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  if (certPem && keyPem) return { certPem, keyPem };
  if (certPem || keyPem) {
    throw new Error(`incomplete cluster CA in ${paths.dir}: both ca.crt and ca.key are needed (remove both to regenerate)`);
  }
  const ca = await createCertificateAuthority('tugboat-ca');
  await writeSecretFile(paths.caKey, ca.keyPem);
  await writeFile(paths.caCert, ca.certPem, { mode: 0o644 });
  actions.push('created-ca');
  return ca;
}

async function servingIsUsable(serving: PemPair, ca: PemPair, sans: readonly string[]): Promise<boolean> {
  return missingSans(serving.certPem, sans).length === 0 && await isSignedBy(serving.certPem, ca.certPem);
}

/** Loads the cluster PKI from DATA_DIR/tls, creating or refreshing what is missing. */
export async function ensurePki(options: { dataDir: string; bind: string; extraSans?: readonly string[] }): Promise<ClusterPki> {
  const paths = pkiPaths(options.dataDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const actions: ClusterPki['actions'] = [];
  const ca = await loadOrCreateCa(paths, actions);
  const sans = requiredSans(options.bind, options.extraSans);
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.serverCert), readIfExists(paths.serverKey)]);
  if (certPem && keyPem && await servingIsUsable({ certPem, keyPem }, ca, sans)) {
    return { paths, ca, serving: { certPem, keyPem }, actions };
  }
  const serving = await issueServingCertificate(ca, sans);
  await writeSecretFile(paths.serverKey, serving.keyPem);
  await writeFile(paths.serverCert, serving.certPem, { mode: 0o644 });
  actions.push('issued-serving-cert');
  return { paths, ca, serving, actions };
}

/**
 * The apiserver's client certificate for dialing agents, in DATA_DIR/tls: reused while
 * the CA signed it, re-issued otherwise (e.g. the CA was replaced).
 */
export async function ensureApiserverClientCertificate(dataDir: string, ca: PemPair): Promise<{ pair: PemPair; issued: boolean }> {
  const paths = pkiPaths(dataDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.clientCert), readIfExists(paths.clientKey)]);
  if (certPem && keyPem && await isSignedBy(certPem, ca.certPem)) return { pair: { certPem, keyPem }, issued: false };
  const pair = await issueClientCertificate(ca, APISERVER_CLIENT_CN);
  await writeSecretFile(paths.clientKey, pair.keyPem);
  await writeFile(paths.clientCert, pair.certPem, { mode: 0o644 });
  return { pair, issued: true };
}
