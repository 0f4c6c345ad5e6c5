/**
 * The agent proxy token: the bearer token the apiserver presents to agents for logs and
 * exec. `tug up` keeps it in DATA_DIR/tokens/agent-proxy (0600) so the embedded agent and
 * the apiserver share it across restarts; remote agents will receive it when they join.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateToken } from '../../pki/tokens.js';

export function agentProxyTokenPath(dataDir: string): string {
  return join(dataDir, 'tokens', 'agent-proxy');
}

/** Reads the token, creating it on first start. */
export async function ensureAgentProxyToken(dataDir: string): Promise<string> {
  const path = agentProxyTokenPath(dataDir);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length > 0) return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = generateToken();
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return token;
}
