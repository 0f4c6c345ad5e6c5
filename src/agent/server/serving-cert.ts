/**
 * A standalone agent's serving certificate: self-signed, made at first start and kept in
 * DATA_DIR/tls/agent.{crt,key}, so its fingerprint (published on the Node) stays stable
 * across restarts. Re-made only when a needed SAN (e.g. a new --address) is missing.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSelfSignedServingCertificate, missingSans, readIfExists, type PemPair } from '../../pki/index.js';

export function agentServingCertPaths(dataDir: string): { dir: string; cert: string; key: string } {
  const dir = join(dataDir, 'tls');
  return { dir, cert: join(dir, 'agent.crt'), key: join(dir, 'agent.key') };
}

export async function ensureAgentServingCertificate(
  dataDir: string, nodeName: string, sans: readonly string[],
): Promise<{ pair: PemPair; created: boolean }> {
  const paths = agentServingCertPaths(dataDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.cert), readIfExists(paths.key)]);
  if (certPem && keyPem && missingSans(certPem, sans).length === 0) return { pair: { certPem, keyPem }, created: false };
  const pair = await createSelfSignedServingCertificate(`tug-agent:${nodeName}`, sans);
  await writeFile(paths.key, pair.keyPem, { mode: 0o600 });
  await chmod(paths.key, 0o600);
  await writeFile(paths.cert, pair.certPem, { mode: 0o644 });
  return { pair, created: true };
}
