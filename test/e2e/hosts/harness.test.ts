/**
 * Self-test of the multi-host harness (test/support/hosts): three hosts as network
 * namespaces, a real HTTP server on host A, requests from host B, and every way to break A.
 * Needs root and `ip netns`; skips otherwise, except on CI as root (or TUG_REQUIRE_NETNS=1),
 * where an unsupported machine is a failure.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cleanupScriptPath, createHostNetwork, describeWithHostNetwork, hostNetworkSupport, httpGet, startHttpServer, type Host, type HostNetwork,
} from '../../support/hosts/index.js';
import { runCommand } from '../../support/hosts/command.js';

const PORT = 8080;
const support = await hostNetworkSupport();

async function rootIp(args: string[]): Promise<any> {
  const result = await runCommand('ip', ['-j', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function namespaceList(): Promise<string[]> {
  const list = await rootIp(['netns', 'list']).catch(() => []) as { name: string }[];
  return list.map((ns) => ns.name);
}

/** Polls `check` every 50 ms until it holds; fails after timeoutMs. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: still not true after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function url(host: Host): string {
  return `http://${host.address}:${PORT}/`;
}

/** Runs hold-network in a child node; resolves with the child and the namespaces it created. */
async function holdNetworkChild(): Promise<{ child: ReturnType<typeof spawn>; namespaces: string[] }> {
  const underTsx = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`../../support/hosts/hold-network.${underTsx ? 'ts' : 'js'}`, import.meta.url));
  const child = spawn(process.execPath, [...(underTsx ? ['--import', 'tsx'] : []), script, '2'], {
    cwd: fileURLToPath(new URL(underTsx ? '../../..' : '../../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hold-network printed nothing in 15 s: ${output}`)); }, 15_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const nl = output.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve(output.slice(0, nl)); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`hold-network exited ${code}: ${output}`)); });
  });
  return { child, namespaces: (JSON.parse(line) as { namespaces: string[] }).namespaces };
}

describeWithHostNetwork(support, 'multi-host harness', () => {
  void describe('multi-host harness: three hosts as network namespaces', () => {
    let network: HostNetwork | undefined;
    let a: Host;
    let b: Host;
    let c: Host;

    before(async () => {
      assert.ok(support.supported, `multi-host suites are required here but cannot run: ${support.supported ? '' : support.reason}`);
      network = await createHostNetwork({ hosts: ['a', 'b', 'c'] });
      [a, b, c] = [network.host('a'), network.host('b'), network.host('c')];
    });
    after(async () => { await network?.destroy(); });

    it('gives each host its own address in the subnet, loopback, and no route out', async () => {
      assert.equal(new Set([a.address, b.address, c.address]).size, 3);
      for (const host of [a, b, c]) {
        assert.ok(host.address.startsWith(network!.subnet.replace(/0\/24$/, '')), `${host.address} in ${network!.subnet}`);
        const links = (await rootIp(['-n', host.namespace, 'link', 'show']) as { ifname: string }[]).map((l) => l.ifname).sort();
        assert.deepEqual(links, ['eth0', 'lo']);
        const routes = await rootIp(['-n', host.namespace, 'route', 'show']) as { dst: string; dev: string }[];
        assert.deepEqual(routes.map((r) => [r.dst, r.dev]), [[network!.subnet, 'eth0']]);
      }
    });

    it('lets host B reach a server bound to host A\'s address', async (t) => {
      t.after(() => a.kill());
      await startHttpServer(a, PORT);
      assert.deepEqual(await httpGet(b, url(a)), { ok: true, status: 200, body: 'hello from a' });
    });

    it('partition A: B\'s request fails while B still reaches C; heal: B reaches A again', async (t) => {
      t.after(async () => { await a.heal(); await a.kill(); await c.kill(); });
      await Promise.all([startHttpServer(a, PORT), startHttpServer(c, PORT)]);
      await a.partition();
      const [toA, toC] = await Promise.all([httpGet(b, url(a)), httpGet(b, url(c))]);
      assert.equal(toA.ok, false);
      assert.equal(toC.ok, true);
      await a.heal();
      assert.deepEqual(await httpGet(b, url(a)), { ok: true, status: 200, body: 'hello from a' });
    });

    it('pause A: B\'s request times out; resume: it is answered', async (t) => {
      t.after(async () => { await a.resume(); await a.kill(); });
      await startHttpServer(a, PORT);
      await a.pause();
      // The kernel still completes the handshake, but the stopped server never answers.
      assert.deepEqual(await httpGet(b, url(a)), { ok: false, error: 'TimeoutError', code: null });
      await a.resume();
      assert.equal((await httpGet(b, url(a))).ok, true);
    });

    it('kill A: every process in A is gone and B\'s connection is refused', async () => {
      const server = await startHttpServer(a, PORT);
      const exited = once(server, 'exit');
      assert.ok((await a.pids()).includes(server.pid!));
      await a.kill();
      assert.deepEqual(await a.pids(), []);
      assert.deepEqual(await exited, [null, 'SIGKILL']);
      assert.deepEqual(a.processes(), []);
      // A's kernel is still up, so the port answers with a reset: a crashed service, not a dead machine.
      assert.deepEqual(await httpGet(b, url(a)), { ok: false, error: 'TypeError', code: 'ECONNREFUSED' });
    });

    it('leaves the root namespace without an address, link or route into the hosts\' subnet', async () => {
      // By design the test process reaches hosts only through host.run/exec. Sending a
      // packet from here would follow the root namespace's default route off the machine,
      // so this checks the routing state instead of sending one.
      const prefix = network!.subnet.replace(/0\/24$/, '');
      const addresses = (await rootIp(['-4', 'addr', 'show']) as { addr_info: { local: string }[] }[]).flatMap((l) => l.addr_info.map((i) => i.local));
      assert.equal(addresses.filter((addr) => addr.startsWith(prefix)).length, 0, `root addresses: ${addresses.join(', ')}`);
      const links = (await rootIp(['link', 'show']) as { ifname: string }[]).map((l) => l.ifname);
      assert.ok(!links.includes(network!.bridge), `bridge ${network!.bridge} must live in ${network!.switchNamespace}`);
      const routes = (await rootIp(['route', 'show', 'table', 'all']) as { dst: string }[]).map((r) => r.dst);
      assert.equal(routes.filter((dst) => dst.startsWith(prefix)).length, 0, `root routes: ${routes.join(', ')}`);
    });
  });

  void describe('multi-host harness: cleanup', () => {
    before(() => { assert.ok(support.supported, `multi-host suites are required here but cannot run: ${support.supported ? '' : support.reason}`); });

    it('destroy kills every process and removes every namespace, and is idempotent', async () => {
      const network = await createHostNetwork({ hosts: 2 });
      const sleeper = network.hosts[0].exec('sleep', ['600']);
      const exited = once(sleeper, 'exit');
      assert.ok(network.namespaces().every((ns) => ns.startsWith('tug-')));
      const before = await namespaceList();
      for (const ns of network.namespaces()) assert.ok(before.includes(ns), `${ns} exists while the network is up`);
      await network.destroy();
      await network.destroy();
      assert.deepEqual(await exited, [null, 'SIGKILL']);
      const remaining = await namespaceList();
      assert.deepEqual(network.namespaces().filter((ns) => remaining.includes(ns)), []);
    });

    it('removes the namespaces of a test process that gets SIGTERM, before it exits', async () => {
      const { child, namespaces } = await holdNetworkChild();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [null, 'SIGTERM']);
      const remaining = await namespaceList();
      assert.deepEqual(namespaces.filter((ns) => remaining.includes(ns)), []);
    });

    it('removes the namespaces of a test process that gets SIGKILL (through the watchdog)', async () => {
      const { child, namespaces } = await holdNetworkChild();
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      await eventually('watchdog removed the namespaces', async () => {
        const remaining = await namespaceList();
        return namespaces.every((ns) => !remaining.includes(ns));
      });
    });

    it('cleanup-stale.sh removes namespaces whose owner is gone and keeps those of live runs', async (t) => {
      const gone = spawn('true');
      await once(gone, 'exit');
      const stale = `tug-${gone.pid}x0000-stale`;
      const live = `tug-${process.pid}x0000-live`;
      t.after(() => runCommand('ip', ['-force', '-batch', '-'], { input: `netns del ${stale}\nnetns del ${live}\n` }));
      for (const ns of [stale, live]) assert.equal((await runCommand('ip', ['netns', 'add', ns])).code, 0);
      const result = await runCommand('bash', [cleanupScriptPath()!]);
      assert.equal(result.code, 0, result.stderr);
      const remaining = await namespaceList();
      assert.equal(remaining.includes(stale), false, result.stdout);
      assert.equal(remaining.includes(live), true, result.stdout);
    });
  });
});
