/**
 * The agent's side of joining (k3s style): fetch the server's CA from /cacerts without
 * verification, accept it only if its SHA-256 matches the hash the join token carries,
 * then, over TLS verified against that CA, trade the join token for the node's own
 * credential (POST /tugboat/v1/join). The credential and CA are kept in
 * `<agent data dir>/credentials.json` (0600) and reused on restart; when the server
 * refuses them (revoked, server reset) the agent joins again with its token.
 */
import { request as httpsRequest } from 'node:https';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { caCertHash, parseToken } from '../pki/index.js';

export interface AgentCredentials {
  server: string;
  nodeName: string;
  user: string;
  token: string;
  caPem: string;
}

export type JoinAttempt = { ok: true; credentials: AgentCredentials } | { ok: false; message: string };

export const CREDENTIALS_FILE = 'credentials.json';
const REQUEST_TIMEOUT_MS = 10_000;

interface HttpResult {
  status: number;
  body: string;
}

function httpsCall(url: string, options: { method: string; caPem?: string; token?: string; body?: string }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    // Without a CA only /cacerts is fetched, and its content is checked against the token's hash.
    const req = httpsRequest(url, {
      method: options.method, headers, timeout: REQUEST_TIMEOUT_MS,
      ...(options.caPem ? { ca: options.caPem } : { rejectUnauthorized: false }),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The CA to trust: the token pins it by hash (fetched from /cacerts), or the --ca-file gives it. */
export async function resolveServerCa(server: string, token: string, caPem: string | undefined): Promise<{ ok: true; caPem: string } | { ok: false; message: string }> {
  const pinned = parseToken(token)?.caHash;
  let candidate = caPem;
  if (candidate === undefined) {
    if (!pinned) return { ok: false, message: 'the token carries no CA hash (K10<hash>::…): give --ca-file' };
    try {
      const res = await httpsCall(`${server}/cacerts`, { method: 'GET' });
      if (res.status !== 200 || !res.body.includes('BEGIN CERTIFICATE')) return { ok: false, message: `${server}/cacerts answered ${res.status}: is this a Tugboat server?` };
      candidate = res.body;
    } catch (err) {
      return { ok: false, message: `cannot reach ${server}: ${errorText(err)}` };
    }
  }
  if (pinned) {
    const actual = caCertHash(candidate);
    if (actual !== pinned) return { ok: false, message: `the server's CA (sha256 ${actual}) does not match the token (${pinned}): wrong server or token` };
  }
  return { ok: true, caPem: candidate };
}

/** POST /tugboat/v1/join with the join token; the server answers with the node's credential. */
export async function joinCluster(options: { server: string; token: string; nodeName: string; caPem?: string }): Promise<JoinAttempt> {
  const ca = await resolveServerCa(options.server, options.token, options.caPem);
  if (!ca.ok) return ca;
  let res: HttpResult;
  try {
    res = await httpsCall(`${options.server}/tugboat/v1/join`, {
      method: 'POST', caPem: ca.caPem, token: options.token, body: JSON.stringify({ nodeName: options.nodeName }),
    });
  } catch (err) {
    return { ok: false, message: `cannot join ${options.server}: ${errorText(err)}` };
  }
  if (res.status === 401) return { ok: false, message: 'the server refused the join token (wrong, expired or revoked)' };
  if (res.status !== 200) {
    let message = res.body;
    try { message = (JSON.parse(res.body) as { message?: string }).message ?? res.body; } catch { /* not a Status */ }
    return { ok: false, message: `the server refused to join node "${options.nodeName}" (${res.status}): ${message}` };
  }
  const answer = JSON.parse(res.body) as { token?: unknown; user?: unknown };
  if (typeof answer.token !== 'string' || typeof answer.user !== 'string') return { ok: false, message: 'the server answered the join without a credential' };
  return { ok: true, credentials: { server: options.server, nodeName: options.nodeName, user: answer.user, token: answer.token, caPem: ca.caPem } };
}

export function credentialsPath(agentDataDir: string): string {
  return join(agentDataDir, CREDENTIALS_FILE);
}

export async function readAgentCredentials(agentDataDir: string): Promise<AgentCredentials | undefined> {
  try {
    const parsed = JSON.parse(await readFile(credentialsPath(agentDataDir), 'utf8')) as Partial<AgentCredentials>;
    const ok = ['server', 'nodeName', 'user', 'token', 'caPem'].every((f) => typeof parsed[f as keyof AgentCredentials] === 'string');
    return ok ? parsed as AgentCredentials : undefined;
  } catch {
    return undefined; // missing or unreadable: join again
  }
}

export async function writeAgentCredentials(agentDataDir: string, credentials: AgentCredentials): Promise<void> {
  await mkdir(agentDataDir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(agentDataDir);
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * False only when the server answers 401 to the stored credential; an unreachable server
 * counts as accepted (the agent retries on its own; a server restart must not force a re-join).
 */
export async function credentialsAccepted(credentials: AgentCredentials): Promise<boolean> {
  try {
    const res = await httpsCall(`${credentials.server}/api/v1/nodes/${encodeURIComponent(credentials.nodeName)}`, {
      method: 'GET', caPem: credentials.caPem, token: credentials.token,
    });
    return res.status !== 401;
  } catch (err) {
    // A CA that no longer verifies the server (the cluster was re-created) needs a new join.
    return !/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|SIGNATURE/.test(String((err as NodeJS.ErrnoException).code ?? ''));
  }
}

/** Stored credentials when they still work for this server and node, else a fresh join (stored). */
export async function obtainAgentCredentials(options: {
  server: string; token: string; nodeName: string; agentDataDir: string; caPem?: string;
}): Promise<JoinAttempt & { reused?: boolean }> {
  const stored = await readAgentCredentials(options.agentDataDir);
  if (stored && stored.server === options.server && stored.nodeName === options.nodeName && await credentialsAccepted(stored)) {
    return { ok: true, credentials: stored, reused: true };
  }
  const joined = await joinCluster(options);
  if (joined.ok) await writeAgentCredentials(options.agentDataDir, joined.credentials);
  return joined;
}
