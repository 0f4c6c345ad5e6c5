'use strict';
// Tugboat's HTTP test app (no dependencies). Behaviour is steered by env vars and
// POST /control/* so probe, restart, rollout and OOM tests can provoke each failure.
const http = require('node:http');

const env = process.env;
const port = Number(env.PORT || 8080);
const pod = env.POD_NAME || env.HOSTNAME || require('node:os').hostname();
const version = env.APP_VERSION || '1';
const state = {
  liveness: env.FAIL_LIVENESS !== '1',
  readiness: env.FAIL_READINESS !== '1',
};
const leaked = [];

function log(msg) { process.stdout.write(`${new Date().toISOString()} ${msg}\n`); }

function exitWith(code) { log(`exiting with ${code}`); process.exit(code); }

function burnCpu() {
  // Busy loop in slices so the event loop still answers probes.
  const spin = () => { const end = Date.now() + 50; while (Date.now() < end) { /* burn */ } setImmediate(spin); };
  spin();
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body) + '\n');
}

const controls = {
  '/control/crash': (res) => { json(res, 200, { crashing: true }); setTimeout(() => exitWith(Number(env.EXIT_CODE || 1)), 10); },
  '/control/fail-liveness': (res) => { state.liveness = false; json(res, 200, state); },
  '/control/fail-readiness': (res) => { state.readiness = false; json(res, 200, state); },
  '/control/recover': (res) => { state.liveness = true; state.readiness = true; json(res, 200, state); },
  '/control/burn-cpu': (res) => { burnCpu(); json(res, 200, { burning: true }); },
};

function handle(req, res) {
  const path = new URL(req.url || '/', 'http://x').pathname;
  if (env.QUIET !== '1') log(`${req.method} ${path}`);
  if (req.method === 'POST' && controls[path]) return controls[path](res);
  if (path === '/healthz') return json(res, state.liveness ? 200 : 500, { live: state.liveness });
  if (path === '/ready') return json(res, state.readiness ? 200 : 503, { ready: state.readiness });
  return json(res, 200, { pod, version, path });
}

if (env.CRASH_AFTER_MS) setTimeout(() => exitWith(Number(env.EXIT_CODE || 1)), Number(env.CRASH_AFTER_MS));
if (env.BURN_CPU === '1') burnCpu();
if (env.LEAK_MB_PER_S) {
  const mb = Number(env.LEAK_MB_PER_S);
  setInterval(() => { const b = Buffer.alloc(mb * 1024 * 1024, 1); leaked.push(b); }, 1000);
}

// Graceful shutdown, as a well-written Node service does it. On SIGTERM the app keeps serving
// for TERM_DELAY_MS (default 0: Tugboat takes a pod out of every proxy before it sends SIGTERM,
// so no new connection arrives and no preStop sleep is needed), answering every request with
// `Connection: close` so keep-alive clients reconnect (through the Service, to a ready pod).
// Then it stops accepting, closes idle connections and exits 0 once the last one closed; a
// connection that never goes idle is left to the grace period's SIGKILL.
let server;
let terminating = false;

process.on('SIGTERM', () => {
  if (env.IGNORE_SIGTERM === '1') { log('SIGTERM ignored'); return; }
  if (terminating) return;
  terminating = true;
  const delay = Number(env.TERM_DELAY_MS || 0);
  log(`SIGTERM received, draining for ${delay}ms`);
  if (!server) { setTimeout(() => exitWith(0), delay); return; }
  setTimeout(() => {
    server.close(() => exitWith(0));
    server.closeIdleConnections();
  }, delay);
});
process.on('SIGINT', () => exitWith(0));

if (env.HANG === '1') {
  log('HANG=1: not listening');
  setInterval(() => {}, 1 << 30);
} else {
  server = http.createServer((req, res) => {
    if (terminating) res.setHeader('connection', 'close');
    // A sensor for rollout tests: traffic reaching a pod on a connection opened after its
    // SIGTERM means some proxy still routed new connections to a stopping pod.
    if (req.socket.openedAfterTerm && env.REJECT_NEW_AFTER_TERM === '1') {
      log(`${req.method} ${req.url} rejected: new connection after SIGTERM`);
      return json(res, 503, { pod, error: 'new connection after SIGTERM' });
    }
    handle(req, res);
  });
  server.on('connection', (socket) => { if (terminating) socket.openedAfterTerm = true; });
  server.listen(port, () => log(`listening on ${port}`));
}
