/**
 * Runs inside a private network namespace (`unshare -n`, started by nft-proxy.test.ts), so the
 * nftables rules it loads cannot touch the host. Prints one JSON line of observations.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { createNftProxy } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';

const CLUSTER_IP = '127.10.0.5';

async function echoBackend(name: string): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.on('data', (d) => s.write(`${name}:${d.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: CLUSTER_IP, port: 80 });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function ask(s: net.Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    s.once('data', (d) => resolve(d.toString()));
    s.write(text);
  });
}

async function once(text: string): Promise<string> {
  const s = await connect();
  const reply = await ask(s, text);
  s.destroy();
  return reply;
}

async function main(): Promise<void> {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  const a = await echoBackend('a');
  const b = await echoBackend('b');
  const proxy = createNftProxy({ nodeAddress: '127.0.0.1', tableName: 'tugtest' });
  const service = (ports: number[]) => aTable(anEntry({ name: 'web', clusterIP: CLUSTER_IP, ports: [{ name: 'http', protocol: 'TCP', port: 80, endpoints: ports.map((p) => anEndpoint('127.0.0.1', p)) }] }));

  const first = await proxy.sync(service([a.port, b.port]));
  const spread = [await once('1'), await once('2'), await once('3'), await once('4')];

  const longLived = await connect();
  const before = await ask(longLived, 'x');
  await proxy.sync(service([before.startsWith('a') ? b.port : a.port]));
  const drained = await ask(longLived, 'y');
  const fresh = [await once('5'), await once('6')];
  longLived.destroy();

  await proxy.sync(service([]));
  const noEndpoints = await connect().then((s) => { s.destroy(); return 'connected'; }, (err: NodeJS.ErrnoException) => err.code ?? 'error');

  await proxy.close();
  const tables = execFileSync('nft', ['list', 'tables']).toString().trim();
  a.server.close();
  b.server.close();
  console.log(JSON.stringify({ opened: first.opened, failed: first.failed, spread, before, drained, fresh, noEndpoints, tables }));
}

main().catch((err: unknown) => {
  console.log(JSON.stringify({ error: String(err) }));
  process.exitCode = 1;
});
