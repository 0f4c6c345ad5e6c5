import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  certificateSans, ensureAdminToken, ensurePki, isSignedBy, missingSans, requiredSans, tokensEqual,
  createCertificateAuthority, CERT_LIFETIME_MS,
} from '../../../src/pki/index.js';
import { adminAuthenticator } from '../../../src/server/authenticator.js';

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

void describe('cluster PKI on disk', () => {
  let dataDir: string;
  void before(async () => { dataDir = await mkdtemp(join(tmpdir(), 'tug-pki-')); });
  void after(async () => { await rm(dataDir, { recursive: true, force: true }); });

  void it('creates a CA and a serving certificate at first start, keys mode 0600', async () => {
    const pki = await ensurePki({ dataDir, bind: '127.0.0.1' });
    assert.deepEqual(pki.actions, ['created-ca', 'issued-serving-cert']);
    assert.equal(await mode(pki.paths.caKey), 0o600);
    assert.equal(await mode(pki.paths.serverKey), 0o600);
    assert.equal(await readFile(pki.paths.caCert, 'utf8'), pki.ca.certPem);
  });

  void it('reuses both on restart', async () => {
    const first = await ensurePki({ dataDir, bind: '127.0.0.1' });
    const again = await ensurePki({ dataDir, bind: '127.0.0.1' });
    assert.deepEqual(again.actions, []);
    assert.equal(again.ca.certPem, first.ca.certPem);
    assert.equal(again.serving.certPem, first.serving.certPem);
  });

  void it('re-issues only the serving certificate, from the same CA, when a SAN is missing', async () => {
    const before = await ensurePki({ dataDir, bind: '127.0.0.1' });
    const after = await ensurePki({ dataDir, bind: '127.0.0.1', extraSans: ['tug.example'] });
    assert.deepEqual(after.actions, ['issued-serving-cert']);
    assert.equal(after.ca.certPem, before.ca.certPem);
    assert.ok(certificateSans(after.serving.certPem).includes('tug.example'));
    assert.ok(await isSignedBy(after.serving.certPem, after.ca.certPem));
  });

  void it('refuses a half-present CA instead of silently replacing it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-pki-half-'));
    try {
      const pki = await ensurePki({ dataDir: dir, bind: '127.0.0.1' });
      await rm(pki.paths.caKey);
      await assert.rejects(ensurePki({ dataDir: dir, bind: '127.0.0.1' }), /incomplete cluster CA/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

void describe('certificates', () => {
  void it('serving certificate carries loopback, kubernetes names, the bind address and extra SANs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-pki-'));
    try {
      const pki = await ensurePki({ dataDir: dir, bind: '127.0.0.9', extraSans: ['10.0.0.5', 'tug.example'] });
      const wanted = ['127.0.0.1', '::1', 'localhost', 'kubernetes', 'kubernetes.default.svc', '127.0.0.9', '10.0.0.5', 'tug.example'];
      assert.deepEqual(missingSans(pki.serving.certPem, wanted), []);
      const cert = new X509Certificate(pki.serving.certPem);
      assert.match(cert.subjectAltName ?? '', /IP Address:0:0:0:0:0:0:0:1|IP Address:::1/);
      assert.ok(cert.checkIssued(new X509Certificate(pki.ca.certPem)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('does not name a wildcard bind address', () => {
    assert.ok(!requiredSans('0.0.0.0').includes('0.0.0.0'));
    assert.ok(requiredSans('10.1.1.1').includes('10.1.1.1'));
  });

  void it('CA is an ECDSA P-256 CA valid for ten years', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ca = await createCertificateAuthority('test-ca', { now });
    const cert = new X509Certificate(ca.certPem);
    assert.equal(cert.ca, true);
    assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(new Date(cert.validTo).getTime(), now.getTime() + CERT_LIFETIME_MS);
  });

  void it('a TLS client trusting only the CA completes a handshake with the serving certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-pki-tls-'));
    const pki = await ensurePki({ dataDir: dir, bind: '127.0.0.1' });
    const server = createServer({ key: pki.serving.keyPem, cert: pki.serving.certPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      for (const servername of ['localhost', 'kubernetes.default.svc']) {
        const authorized = await new Promise<boolean>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, servername }, () => {
            resolve(socket.authorized);
            socket.end();
          });
          socket.on('error', reject);
        });
        assert.equal(authorized, true, servername);
      }
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

void describe('admin token', () => {
  void it('is generated once (43 base64url characters, mode 0600) and then reused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-token-'));
    try {
      const first = await ensureAdminToken(dir);
      assert.equal(first.created, true);
      assert.match(first.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(await mode(join(dir, 'tokens', 'admin')), 0o600);
      const second = await ensureAdminToken(dir);
      assert.deepEqual(second, { token: first.token, created: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('regenerates an empty token file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-token-'));
    try {
      await ensureAdminToken(dir);
      await writeFile(join(dir, 'tokens', 'admin'), '');
      const again = await ensureAdminToken(dir);
      assert.equal(again.created, true);
      assert.equal((await readFile(join(dir, 'tokens', 'admin'), 'utf8')).trim(), again.token);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('authenticates the admin token as admin in system:masters, and nothing else', () => {
    const auth = adminAuthenticator('s3cret');
    assert.deepEqual(auth.authenticate('s3cret'), { user: 'admin', groups: ['system:masters', 'system:authenticated'] });
    assert.equal(auth.authenticate('s3cre'), undefined);
    assert.equal(auth.authenticate(''), undefined);
  });

  void it('compares tokens exactly', () => {
    assert.equal(tokensEqual('abc', 'abc'), true);
    assert.equal(tokensEqual('abc', 'abd'), false);
    assert.equal(tokensEqual('abc', 'abcd'), false);
  });
});
