/** Real-socket helpers for the proxy and DNS tests: tiny backends and clients on 127/8 only. */
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import type { TestContext } from 'node:test';

/** A random address in 127.<a>.x.y so parallel test files never share a listener. */
export function randomLoopback(secondOctet: number): string {
  return `127.${secondOctet}.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
}

export interface Backend {
  name: string;
  ip: string;
  port: number;
  connections: number;
}

function track(t: TestContext, server: net.Server): void {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
}

async function listen(server: net.Server, ip = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  return (server.address() as net.AddressInfo).port;
}

/** An HTTP server that answers every request with its name. */
export async function startHttpBackend(t: TestContext, name: string): Promise<Backend> {
  const backend: Backend = { name, ip: '127.0.0.1', port: 0, connections: 0 };
  const server = http.createServer((_req, res) => res.end(name));
  server.on('connection', () => backend.connections++);
  track(t, server);
  backend.port = await listen(server);
  return backend;
}

/** A TCP server that answers each chunk with `<name>:<chunk>`, and ends when the client ends. */
export async function startEchoBackend(t: TestContext, name: string): Promise<Backend> {
  const backend: Backend = { name, ip: '127.0.0.1', port: 0, connections: 0 };
  const server = net.createServer((s) => {
    backend.connections++;
    s.on('error', () => undefined);
    s.on('data', (d) => s.write(`${name}:${d.toString()}`));
  });
  track(t, server);
  backend.port = await listen(server);
  return backend;
}

/** A TCP server that reads until the client half-closes, then replies with the byte count and closes. */
export async function startCountingBackend(t: TestContext, name: string): Promise<Backend> {
  const backend: Backend = { name, ip: '127.0.0.1', port: 0, connections: 0 };
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    backend.connections++;
    let bytes = 0;
    s.on('error', () => undefined);
    s.on('data', (d) => { bytes += d.length; });
    s.on('end', () => s.end(`${name}:${bytes}`));
  });
  track(t, server);
  backend.port = await listen(server);
  return backend;
}

/** Accepts, then closes without a byte: what docker-proxy does when the container is gone. */
export async function startAcceptThenCloseBackend(t: TestContext): Promise<Backend> {
  const backend: Backend = { name: 'closer', ip: '127.0.0.1', port: 0, connections: 0 };
  const server = net.createServer((s) => {
    backend.connections++;
    s.destroy();
  });
  track(t, server);
  backend.port = await listen(server);
  return backend;
}

/** A port nobody listens on (bound, read, released). */
export async function aClosedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startUdpEcho(t: TestContext, name: string): Promise<Backend> {
  const socket = dgram.createSocket('udp4');
  const backend: Backend = { name, ip: '127.0.0.1', port: 0, connections: 0 };
  socket.on('message', (msg, from) => socket.send(`${name}:${msg.toString()}`, from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  backend.port = socket.address().port;
  t.after(() => socket.close());
  return backend;
}

/** GET over a fresh connection (no keep-alive), returning the body. */
export function httpGet(host: string, port: number, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/', agent: false, ...(localAddress ? { localAddress } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A connected TCP client that can send a line and await the reply chunk. */
export async function connectClient(t: TestContext, host: string, port: number): Promise<{ socket: net.Socket; ask(text: string): Promise<string> }> {
  const socket = net.connect({ host, port });
  t.after(() => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    ask: (text) => new Promise((resolve, reject) => {
      socket.once('data', (d) => resolve(d.toString()));
      socket.once('error', reject);
      socket.write(text);
    }),
  };
}

/** Polls until `check` holds (for effects that land a tick after an event, e.g. a close). */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
