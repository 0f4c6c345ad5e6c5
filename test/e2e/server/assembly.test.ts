/**
 * startServer in-process: the files it leaves in the data dir, the kubeconfig working with
 * our own client, post-start hooks started and stopped, and no secret in any log line.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createHttpClient, loadKubeconfig } from '../../../src/client/index.js';
import { RESOURCES } from '../../../src/api/resources.js';
import { createLogger, inProcessClient, startServer, type PostStartContext, type RunningServer } from '../../../src/server/index.js';

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

void describe('startServer', () => {
  let dataDir: string;
  let server: RunningServer;
  let logText = '';
  const hookEvents: string[] = [];
  let hookContext: PostStartContext | undefined;
  const abort = new AbortController();

  void before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tug-assembly-'));
    const sink = new Writable({ write(chunk, _enc, done) { logText += String(chunk); done(); } });
    server = await startServer({
      dataDir, bind: '127.0.0.1', port: 0, embeddedAgent: true, signal: abort.signal,
      logger: createLogger('debug', sink),
      postStartHooks: [{
        name: 'recorder',
        start: async (context) => {
          hookContext = context;
          hookEvents.push(`start aborted=${context.signal.aborted}`);
          return { stop: async () => { hookEvents.push(`stop aborted=${context.signal.aborted}`); } };
        },
      }],
    });
  });
  void after(async () => {
    abort.abort();
    await server?.stopped;
    await rm(dataDir, { recursive: true, force: true });
  });

  void it('keeps secrets in files readable only by the owner', async () => {
    for (const file of ['kubeconfig.yaml', 'tokens/admin', 'tls/ca.key', 'tls/apiserver.key']) {
      assert.equal(await mode(join(dataDir, file)), 0o600, file);
    }
    await stat(join(dataDir, 'db', 'state.db'));
  });

  void it('writes a kubeconfig our client can use', async () => {
    const options = await loadKubeconfig(server.kubeconfigPath);
    assert.equal(options.server, server.url);
    assert.equal(options.namespace, 'default');
    const client = createHttpClient(options);
    try {
      const namespaces = RESOURCES.find((r) => r.resource === 'namespaces')!;
      const list = await client.list(namespaces);
      assert.ok(list.items.some((ns) => ns.metadata.name === 'default'));
    } finally {
      await client.close();
    }
  });

  void it('starts post-start hooks with the API address and the admin credentials', () => {
    assert.deepEqual(hookEvents, ['start aborted=false']);
    assert.equal(hookContext?.url, server.url);
    assert.equal(hookContext?.kubeconfigPath, server.kubeconfigPath);
  });

  void it('serves in-process clients on an owner-only unix socket, with the same token auth', async () => {
    assert.equal(hookContext?.internalSocket, join(dataDir, 'api.sock'));
    assert.equal(await mode(join(dataDir, 'api.sock')), 0o600);
    const namespaces = RESOURCES.find((r) => r.resource === 'namespaces')!;
    const withToken = inProcessClient(hookContext!, 'test');
    const withoutToken = createHttpClient({ server: 'http://localhost', socketPath: join(dataDir, 'api.sock') });
    try {
      const list = await withToken.list(namespaces);
      assert.ok(list.items.some((ns) => ns.metadata.name === 'kube-system'));
      await assert.rejects(withoutToken.list(namespaces), (err: { code?: number }) => err.code === 401);
    } finally {
      await withToken.close();
      await withoutToken.close();
    }
  });

  void it('never logs the admin token or a private key', async () => {
    const token = (await readFile(join(dataDir, 'tokens', 'admin'), 'utf8')).trim();
    assert.ok(logText.length > 0);
    assert.ok(!logText.includes(token), 'token in logs');
    assert.doesNotMatch(logText, /PRIVATE KEY/);
    for (const line of logText.trim().split('\n')) JSON.parse(line); // one JSON event per line
  });

  void it('stops hooks (after aborting their signal) when the signal aborts', async () => {
    abort.abort();
    await server.stopped;
    assert.deepEqual(hookEvents, ['start aborted=false', 'stop aborted=true']);
  });
});
