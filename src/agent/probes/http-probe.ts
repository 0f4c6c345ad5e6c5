/** HTTP GET probe: a status of 200–399 within the timeout is a success (kubelet semantics). */
import http from 'node:http';
import https from 'node:https';
import type { HTTPHeader } from '../pod/pod-types.js';
import type { ProbeOutcome } from './probe-state.js';
import { PROBE_DEFAULTS } from '../defaults.js';

export interface HttpProbeRequest {
  host: string;
  port: number;
  path?: string;
  scheme?: 'HTTP' | 'HTTPS';
  headers?: HTTPHeader[];
  timeoutMs: number;
}

export function httpProbe(req: HttpProbeRequest): Promise<ProbeOutcome> {
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const h of req.headers ?? []) headers[h.name] = h.value;
  const mod = req.scheme === 'HTTPS' ? https : http;
  return new Promise((resolve) => {
    const request = mod.request({
      host: req.host, port: req.port, path: req.path || '/', method: 'GET', headers,
      timeout: req.timeoutMs, ...(req.scheme === 'HTTPS' ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { if (size < PROBE_DEFAULTS.httpBodyExcerptBytes) { chunks.push(c); size += c.length; } });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) return resolve({ result: 'success' });
        const body = Buffer.concat(chunks).subarray(0, PROBE_DEFAULTS.httpBodyExcerptBytes).toString('utf8');
        resolve({ result: 'failure', message: `HTTP probe failed with statuscode: ${code}${body ? ` body: ${body}` : ''}`.trimEnd() });
      });
      res.on('error', (err) => resolve({ result: 'failure', message: `Get "${url(req)}": ${err.message}` }));
    });
    request.on('timeout', () => {
      request.destroy();
      resolve({ result: 'failure', message: `Get "${url(req)}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    });
    request.on('error', (err) => resolve({ result: 'failure', message: `Get "${url(req)}": ${err.message}` }));
    request.end();
  });
}

function url(req: HttpProbeRequest): string {
  return `${req.scheme === 'HTTPS' ? 'https' : 'http'}://${req.host}:${req.port}${req.path || '/'}`;
}
