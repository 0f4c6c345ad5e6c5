import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNftProxy, planListeners, renderNftRuleset } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';

const web = (ports: number[], extra: { sessionAffinity?: 'ClientIP' } = {}) => aTable(anEntry({
  name: 'web', clusterIP: '127.10.0.5', ...extra,
  ports: [{ name: 'http', protocol: 'TCP', port: 80, endpoints: ports.map((p) => anEndpoint('127.0.0.1', p)) }],
}));

describe('renderNftRuleset', () => {
  it('renders round-robin DNAT for several endpoints', () => {
    const script = renderNftRuleset(planListeners(web([9000, 9001]), { nodeAddress: '127.0.0.2' }), 'tugboat');
    assert.match(script, /^add table ip tugboat\ndelete table ip tugboat\ntable ip tugboat \{/);
    assert.match(script, /ip daddr 127\.10\.0\.5 tcp dport 80 dnat to numgen inc mod 2 map \{ 0 : 127\.0\.0\.1 \. 9000, 1 : 127\.0\.0\.1 \. 9001 \}/);
  });

  it('renders a plain DNAT for one endpoint and a reset for none', () => {
    assert.match(renderNftRuleset(planListeners(web([9000]), { nodeAddress: '127.0.0.2' }), 't'), /tcp dport 80 dnat to 127\.0\.0\.1:9000\n/);
    const none = renderNftRuleset(planListeners(web([]), { nodeAddress: '127.0.0.2' }), 't');
    assert.doesNotMatch(none, /dnat/);
    assert.match(none, /ip daddr 127\.10\.0\.5 tcp dport 80 reject with tcp reset/);
  });
});

describe('nftables proxy', () => {
  it('loads the ruleset through the runner and reports failures as values', async () => {
    const scripts: string[] = [];
    let fail = false;
    const proxy = createNftProxy({ nodeAddress: '127.0.0.2', runNft: async (s) => { scripts.push(s); return fail ? { ok: false, message: 'boom' } : { ok: true }; } });
    const ok = await proxy.sync(web([9000], { sessionAffinity: 'ClientIP' }));
    assert.deepEqual(ok.opened, ['TCP/127.10.0.5:80']);
    assert.deepEqual(ok.problems.map((p) => p.reason), ['UnsupportedFeature']);
    fail = true;
    const bad = await proxy.sync(web([9001]));
    assert.deepEqual(bad.failed.map((f) => [f.code, f.message]), [['NFT_FAILED', 'boom']]);
    assert.equal(proxy.listeners()[0]?.readyEndpoints, 1);
    fail = false;
    await proxy.close();
    assert.equal(scripts.length, 3);
    assert.match(scripts[2], /delete table ip tugboat/);
  });

  const canUseNetns = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'nft', 'list', 'tables']).status === 0;

  it('forwards, drains and rejects in a private network namespace', { skip: canUseNetns ? false : 'needs root, unshare and nft', timeout: 30_000 }, async () => {
    const here = fileURLToPath(import.meta.url);
    const scenario = fileURLToPath(new URL(`./nft-scenario${extname(here)}`, import.meta.url));
    const stdout = await new Promise<string>((resolve) => {
      execFile('unshare', ['-n', process.execPath, ...process.execArgv.filter((a) => !a.startsWith('--test')), scenario], { timeout: 25_000 }, (_err, out) => resolve(out));
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(result.error, undefined);
    assert.deepEqual(result.opened, ['TCP/127.10.0.5:80']);
    assert.deepEqual(result.failed, []);
    assert.deepEqual([...new Set((result.spread as string[]).map((r) => r[0]))].sort(), ['a', 'b']);
    // The established connection stays on its endpoint (conntrack); new ones go to the other.
    assert.equal(result.drained[0], result.before[0]);
    assert.deepEqual([...new Set((result.fresh as string[]).map((r) => r[0]))], [result.before[0] === 'a' ? 'b' : 'a']);
    assert.equal(result.noEndpoints, 'ECONNREFUSED');
    assert.doesNotMatch(result.tables, /tugtest/);
  });
});
