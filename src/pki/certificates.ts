/**
 * Building the cluster CA and the API serving certificate. Pure crypto, no files:
 * `ensurePki` (files.ts) decides when to call these.
 *
 * Node's crypto cannot build X.509, so @peculiar/x509 does the ASN.1 over Node's WebCrypto.
 * Keys are ECDSA P-256: small, fast to generate (~1 ms vs ~100 ms for RSA-2048), and
 * accepted by kubectl/client-go and Node's TLS.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** Ten years, in milliseconds: the CA and serving cert outlive any realistic local cluster. */
export const CERT_LIFETIME_MS = 10 * 365 * 24 * 3600 * 1000;
/** Backdate notBefore by an hour so a slightly slow client clock still accepts a fresh cert. */
const CLOCK_SKEW_MS = 3600 * 1000;

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  now?: Date;
}

function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function pemToKeyPair(certPem: string, keyPem: string): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey }> {
  const cert = new x509.X509Certificate(certPem);
  const der = x509.PemConverter.decode(keyPem)[0];
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign']);
  return { cert, privateKey };
}

function validity(now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - CLOCK_SKEW_MS), notAfter: new Date(now.getTime() + CERT_LIFETIME_MS) };
}

/** A self-signed CA that signs the serving certificate (and later agent/client certs). */
export async function createCertificateAuthority(commonName: string, options: IssueOptions = {}): Promise<PemPair> {
  return selfSigned(commonName, options, async (keys) => [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ]);
}

/** A fresh key pair and a certificate for it, signed by itself, with `extensions`. */
async function selfSigned(
  commonName: string, options: IssueOptions, extensions: (keys: CryptoKeyPair) => Promise<x509.Extension[]>,
): Promise<PemPair> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${commonName}`,
    ...validity(options.now ?? new Date()),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: await extensions(keys),
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

/** Splits SAN strings into IP and DNS entries (IPv6 and IPv4 literals become IP SANs). */
export function subjectAltNames(sans: readonly string[]): Array<{ type: 'ip' | 'dns'; value: string }> {
  const unique = [...new Set(sans.map((s) => s.trim()).filter((s) => s.length > 0))];
  return unique.map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }));
}

/** A leaf certificate (not a CA) signed by `ca`, for the given subject, usage and SANs. */
async function issueLeaf(
  ca: PemPair, subject: string, usage: string, sans: readonly string[], options: IssueOptions,
): Promise<PemPair> {
  const issuer = await pemToKeyPair(ca.certPem, ca.keyPem);
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: issuer.cert.subject,
    ...validity(options.now ?? new Date()),
    publicKey: keys.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(subjectAltNames(sans))] : []),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

/** A TLS server certificate for the API, signed by the CA. */
export async function issueServingCertificate(
  ca: PemPair, sans: readonly string[], options: IssueOptions = {},
): Promise<PemPair> {
  return issueLeaf(ca, 'CN=tugboat-apiserver', x509.ExtendedKeyUsage.serverAuth, sans, options);
}

/** A TLS client certificate signed by the CA, e.g. the apiserver's identity towards agents (CN = who). */
export async function issueClientCertificate(ca: PemPair, commonName: string, options: IssueOptions = {}): Promise<PemPair> {
  return issueLeaf(ca, `CN=${commonName}`, x509.ExtendedKeyUsage.clientAuth, [], options);
}

/**
 * A self-signed TLS server certificate: a standalone agent's serving cert. Nobody can
 * chain it to a CA; the apiserver trusts it by its fingerprint, published on the Node.
 */
export async function createSelfSignedServingCertificate(
  commonName: string, sans: readonly string[], options: IssueOptions = {},
): Promise<PemPair> {
  return selfSigned(commonName, options, async () => [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(subjectAltNames(sans)),
  ]);
}

/** SHA-256 of a certificate's DER encoding, lowercase hex without separators. */
export function derFingerprint256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** SHA-256 fingerprint of a PEM certificate (see derFingerprint256). */
export function certificateFingerprint256(certPem: string): string {
  return derFingerprint256(new Uint8Array(new x509.X509Certificate(certPem).rawData));
}

/** The SAN values a certificate carries (IPs in canonical text form). */
export function certificateSans(certPem: string): string[] {
  const cert = new x509.X509Certificate(certPem);
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return ext ? ext.names.items.map((n) => n.value) : [];
}

/** True when `certPem` was signed by the CA certificate `caPem`. */
export async function isSignedBy(certPem: string, caPem: string): Promise<boolean> {
  const cert = new x509.X509Certificate(certPem);
  const ca = new x509.X509Certificate(caPem);
  return cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}

export function certificateNotAfter(certPem: string): Date {
  return new x509.X509Certificate(certPem).notAfter;
}
