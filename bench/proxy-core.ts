/**
 * Service proxy micro-benchmark: the same load direct to a backend and through the userspace
 * proxy, so the table shows what the proxy costs. Three processes (backend, proxy, load
 * generator) so the proxy's CPU is its own; on a 2-core host they still compete.
 *
 *   node --import tsx bench/proxy-core.ts [--duration 5]
 *   unshare -n node --import tsx bench/proxy-core.ts --impl nft   # kernel DNAT, private netns
 *
 * Phases: HTTP keep-alive requests (autocannon, 16 connections: per-byte relay cost), new
 * connection per request (16 concurrent loops: per-connection cost) and one 512 MiB stream
 * (bulk throughput).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { createNftProxy, createProxy } from '../src/net/index.js';

const CLUSTER_IP = '127.10.200.1';
const SERVICE_PORT = 8080;
const BULK_BYTES = 512 * 1024 * 1024;

async function runBackend(): Promise<void> {
  const httpServer = http.createServer((_req, res) => res.end('ok'));
  // Bulk sink: counts bytes until the client half-closes, then replies with the count.
  const sink = net.createServer({ allowHalfOpen: true }, (s) => {
    let n = 0;
    s.on('data', (d) => { n += d.length; });
    s.on('end', () => s.end(String(n)));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  process.send?.({ http: (httpServer.address() as net.AddressInfo).port, sink: (sink.address() as net.AddressInfo).port });
}

async function runProxy(httpPort: number, sinkPort: number, impl: string): Promise<void> {
  // The nft variant changes the netfilter state of its namespace: only run it under `unshare -n`.
  const proxy = impl === 'nft'
    ? createNftProxy({ nodeAddress: '127.0.0.1', clusterIPRange: '127.10.0.0/16', tableName: 'tugbench' })
    : createProxy({ nodeAddress: '127.0.0.1', clusterIPRange: '127.10.0.0/16' });
  const entry = (name: string, port: number, target: number) => ({
    namespace: 'bench', name, clusterIP: CLUSTER_IP, type: 'ClusterIP' as const, sessionAffinity: 'None' as const,
    sessionAffinityTimeoutSeconds: 10_800, headless: false, addresses: [],
    ports: [{ name: 'p', protocol: 'TCP' as const, port, endpoints: [{ ip: '127.0.0.1', port: target, ready: true, terminating: false }] }],
  });
  const result = await proxy.sync(new Map([['bench/http', entry('http', SERVICE_PORT, httpPort)], ['bench/sink', entry('sink', SERVICE_PORT + 1, sinkPort)]]));
  if (result.failed.length) throw new Error(JSON.stringify(result.failed));
  process.send?.({ ready: true });
  // The parent asks for CPU time around each phase to report the proxy's cost per unit of work.
  process.on('message', () => process.send?.(process.cpuUsage()));
  // A clean exit on kill, so --cpu-prof gets to write its profile.
  process.on('SIGTERM', () => process.exit(0));
}

function child(args: string[], extraExecArgv: string[] = []): ChildProcess {
  return fork(process.argv[1], args, { execArgv: [...process.execArgv, ...extraExecArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function nextMessage<T>(proc: ChildProcess): Promise<T> {
  return new Promise((resolve) => proc.once('message', (m) => resolve(m as T)));
}

async function proxyCpuMicros(proxy: ChildProcess): Promise<number> {
  const reply = nextMessage<NodeJS.CpuUsage>(proxy);
  proxy.send('cpu');
  const usage = await reply;
  return usage.user + usage.system;
}

interface Outcome { text: string; units: number }

async function keepAlive(host: string, port: number, seconds: number): Promise<Outcome> {
  const r = await autocannon({ url: `http://${host}:${port}/`, connections: 16, duration: seconds });
  return { text: `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}`, units: r.requests.total };
}

async function newConnections(host: string, port: number, seconds: number): Promise<Outcome> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        http.get({ host, port, agent: false }, (res) => { res.resume(); res.on('end', resolve); })
          .on('error', () => { errors++; resolve(); });
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, loop));
  return { text: `${(done / seconds).toFixed(0)} conn/s, errors ${errors}`, units: done };
}

async function bulk(host: string, port: number): Promise<Outcome> {
  const started = performance.now();
  const socket = net.connect({ host, port });
  const chunk = Buffer.alloc(1024 * 1024, 1);
  const reply = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d) => { text += d.toString(); });
    socket.on('end', () => resolve(text));
  });
  for (let sent = 0; sent < BULK_BYTES; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
  socket.end();
  const count = Number(await reply);
  const seconds = (performance.now() - started) / 1000;
  return { text: `${(count / 1024 / 1024 / seconds).toFixed(0)} MiB/s${count === BULK_BYTES ? '' : ` (MISMATCH ${count})`}`, units: count / 1024 / 1024 };
}

async function main(): Promise<void> {
  const role = process.argv[2];
  if (role === 'backend') return runBackend();
  if (role === 'proxy') return runProxy(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]);
  const at = process.argv.indexOf('--duration');
  const seconds = at >= 0 ? Number(process.argv[at + 1]) : 5;
  const implAt = process.argv.indexOf('--impl');
  const impl = implAt >= 0 ? process.argv[implAt + 1] : 'userspace';
  if (impl === 'nft') execFileSync('ip', ['link', 'set', 'lo', 'up']);
  const backend = child(['backend']);
  const ports = await nextMessage<{ http: number; sink: number }>(backend);
  // BENCH_PROXY_PROFILE=1 writes a .cpuprofile of the proxy process into the current directory.
  const proxy = child(['proxy', String(ports.http), String(ports.sink), impl], process.env.BENCH_PROXY_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + (process.env.BENCH_PROXY_PROFILE_DIR ?? '.')] : []);
  await nextMessage(proxy);
  try {
    const rows: string[][] = [];
    const measure = async (name: string, unit: string, run: (host: string, port: number) => Promise<Outcome>, direct: number, proxied: number): Promise<void> => {
      const viaDirect = await run('127.0.0.1', direct);
      const before = await proxyCpuMicros(proxy);
      const viaProxy = await run(CLUSTER_IP, proxied);
      const cpu = (await proxyCpuMicros(proxy)) - before;
      // Kernel forwarding burns no CPU in the proxy process (it is softirq time), so say n/a.
      rows.push([name, viaDirect.text, viaProxy.text, impl === 'nft' ? 'n/a (kernel)' : `${(cpu / viaProxy.units).toFixed(1)} µs/${unit}`]);
    };
    await measure('HTTP keep-alive (16 conns)', 'request', (h, p) => keepAlive(h, p, seconds), ports.http, SERVICE_PORT);
    await measure('new connection per request (16 loops)', 'connection', (h, p) => newConnections(h, p, seconds), ports.http, SERVICE_PORT);
    await measure(`bulk stream ${BULK_BYTES / 1024 / 1024} MiB`, 'MiB', bulk, ports.sink, SERVICE_PORT + 1);
    console.log(`### Service proxy benchmark: ${impl} (${seconds} s per phase)\n`);
    console.log('| phase | direct | through proxy | proxy CPU |\n|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    proxy.kill();
    backend.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
