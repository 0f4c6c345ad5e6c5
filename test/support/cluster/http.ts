/** Raw HTTPS requests to a test cluster, trusting only its CA (the curl of these tests). */
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Bearer token; omitted = no Authorization header. */
  token?: string;
}

export function rawRequest(base: { url: string; caPem: string }, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, base.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', ...(req.headers ?? {}) };
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = request(url, { method: req.method ?? 'GET', headers, ca: base.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.setTimeout(30_000, () => r.destroy(new Error(`request ${req.method ?? 'GET'} ${req.path} timed out`)));
    r.end(req.body);
  });
}

/**
 * Sends a request over a bare TLS socket and reads whatever comes back until the server
 * closes. For bodies the server refuses mid-upload (413): Node's http client reports the
 * EPIPE of the unfinished upload and drops the response the server already sent.
 */
export function rawTlsRequest(
  base: { url: string; caPem: string }, req: Required<Pick<RawRequest, 'method' | 'path' | 'body'>> & RawRequest,
): Promise<{ status: number; head: string; body: string }> {
  const url = new URL(req.path, base.url);
  const headers: Record<string, string> = {
    host: url.host, accept: 'application/json', connection: 'close', ...(req.headers ?? {}),
    'content-length': String(Buffer.byteLength(req.body)),
  };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const head = `${req.method} ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: base.caPem, servername: 'localhost' });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    let failure: Error | undefined;
    socket.on('error', (err) => { failure = err; });
    socket.setTimeout(30_000, () => socket.destroy(new Error('raw TLS request timed out')));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      if (!status) { reject(failure ?? new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`)); return; }
      resolve({ status, head: text.slice(0, split), body: split < 0 ? '' : text.slice(split + 4) });
    });
    // Like curl's Expect: 100-continue wait, give the server a moment to refuse on the
    // Content-Length alone before uploading; then send 64 KiB pieces, stopping as soon as it
    // answers. Uploading into a socket the server has already closed would reset it and
    // lose the response.
    const body = Buffer.from(req.body);
    let offset = 0;
    const pump = () => {
      while (offset < body.length && chunks.length === 0 && !socket.destroyed) {
        const piece = body.subarray(offset, offset + 65536);
        offset += piece.length;
        if (!socket.write(piece)) { socket.once('drain', pump); return; }
      }
      if (offset >= body.length && !socket.destroyed) socket.end();
    };
    socket.once('secureConnect', () => {
      socket.write(head);
      setTimeout(pump, 500);
    });
  });
}
