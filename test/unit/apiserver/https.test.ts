import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApiServer, staticTokenAuthenticator } from '../../../src/apiserver/index.js';
import { openMemoryStore } from '../../../src/store/index.js';
import { AUTH, TOKEN } from './helpers.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function httpsGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

it('serves the API over HTTPS with the given key and certificate', { skip: !hasOpenssl() && 'openssl not installed' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tug-https-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost',
    '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const store = await openMemoryStore();
  const server = createApiServer({
    store, logger: pino({ level: 'silent' }), tokens: staticTokenAuthenticator({ [TOKEN]: { user: 'a', groups: [] } }),
    https: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
  });
  t.after(async () => {
    await server.close();
    await store.close();
  });
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const res = await httpsGet(`${url}/api/v1/namespaces/default`, AUTH);
  assert.equal(res.status, 200);
  assert.equal(JSON.parse(res.body).metadata.name, 'default');
  assert.equal((await httpsGet(`${url}/api/v1/namespaces/default`, {})).status, 401);
});
