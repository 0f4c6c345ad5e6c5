/**
 * Small network probes for multi-host tests, run as real node processes inside hosts:
 * a one-line HTTP server and an HTTP GET with a hard timeout. Both use process.execPath,
 * the same node that runs the tests.
 */
import type { ChildProcess } from 'node:child_process';
import type { Host } from './host.js';

// -e scripts are CommonJS; argv after the script are the probe's parameters.
const SERVER = `
const [address, port, name] = process.argv.slice(1);
require('node:http').createServer((req, res) => res.end('hello from ' + name))
  .listen(Number(port), address, () => console.log('listening'));
`;

const GET = `
const [url, timeoutMs] = process.argv.slice(1);
fetch(url, { signal: AbortSignal.timeout(Number(timeoutMs)) }).then(
  async (res) => { console.log(JSON.stringify({ ok: true, status: res.status, body: await res.text() })); process.exit(0); },
  (err) => { console.log(JSON.stringify({ ok: false, error: err.name, code: err.cause?.code ?? null })); process.exit(0); });
`;

export type HttpProbe =
  | { ok: true; status: number; body: string }
  /** error 'TimeoutError' when no answer came in time; code e.g. 'ECONNREFUSED' when the connection failed. */
  | { ok: false; error: string; code: string | null };

/** Starts an HTTP server on `host` bound to its address; resolves once it listens (rejects after timeoutMs). */
export function startHttpServer(host: Host, port: number, timeoutMs = 5_000): Promise<ChildProcess> {
  const child = host.exec(process.execPath, ['-e', SERVER, host.address, String(port), host.name]);
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`server on ${host.name}: ${why}; output: ${output}`)); };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening')) { clearTimeout(timer); resolve(child); }
    });
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
  });
}

/** GETs `url` from inside `from`; the request is abandoned after timeoutMs (default 1 s). */
export async function httpGet(from: Host, url: string, timeoutMs = 1_000): Promise<HttpProbe> {
  const result = await from.run(process.execPath, ['-e', GET, url, String(timeoutMs)], { timeoutMs: timeoutMs + 10_000 });
  if (result.code !== 0) throw new Error(`probe in ${from.name} failed (${result.code ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as HttpProbe;
}
