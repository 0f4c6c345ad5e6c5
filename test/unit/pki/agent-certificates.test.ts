import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APISERVER_CLIENT_CN, certificateFingerprint256, certificateSans, createCertificateAuthority, createSelfSignedServingCertificate,
  ensureApiserverClientCertificate, isSignedBy, issueClientCertificate,
} from '../../../src/pki/index.js';
import { ensureAgentServingCertificate } from '../../../src/agent/server/index.js';

void describe('certificates for agent mutual TLS', () => {
  void it('issues a CA-signed client certificate for client auth only', async () => {
    const ca = await createCertificateAuthority('test-ca');
    const client = await issueClientCertificate(ca, APISERVER_CLIENT_CN);
    assert.ok(await isSignedBy(client.certPem, ca.certPem));
    const cert = new X509Certificate(client.certPem);
    assert.equal(cert.subject, `CN=${APISERVER_CLIENT_CN}`);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  });

  void it('makes a self-signed serving certificate whose fingerprint is the SHA-256 of its DER', async () => {
    const serving = await createSelfSignedServingCertificate('tug-agent:n1', ['10.0.0.7', 'n1']);
    const cert = new X509Certificate(serving.certPem);
    assert.equal(certificateFingerprint256(serving.certPem), cert.fingerprint256.replaceAll(':', '').toLowerCase());
    assert.deepEqual(certificateSans(serving.certPem).sort(), ['10.0.0.7', 'n1']);
    assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
    assert.equal(cert.issuer, cert.subject);
  });

  void it('persists both and reuses them while they still fit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-pki-agent-'));
    try {
      const ca = await createCertificateAuthority('test-ca');
      const first = await ensureApiserverClientCertificate(dir, ca);
      const second = await ensureApiserverClientCertificate(dir, ca);
      assert.deepEqual([first.issued, second.issued], [true, false]);
      assert.equal(second.pair.certPem, first.pair.certPem);
      const otherCa = await createCertificateAuthority('other-ca');
      assert.equal((await ensureApiserverClientCertificate(dir, otherCa)).issued, true, 're-issued for a new CA');

      const a = await ensureAgentServingCertificate(join(dir, 'agent'), 'n1', ['127.0.0.1']);
      const b = await ensureAgentServingCertificate(join(dir, 'agent'), 'n1', ['127.0.0.1']);
      assert.deepEqual([a.created, b.created], [true, false]);
      assert.equal(certificateFingerprint256(b.pair.certPem), certificateFingerprint256(a.pair.certPem));
      const moved = await ensureAgentServingCertificate(join(dir, 'agent'), 'n1', ['10.0.0.9']);
      assert.equal(moved.created, true, 'a new address needs a new certificate');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
