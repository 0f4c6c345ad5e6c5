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
  log(`${req.method} ${path}`);
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

process.on('SIGTERM', () => {
  if (env.IGNORE_SIGTERM === '1') { log('SIGTERM ignored'); return; }
  const delay = Number(env.TERM_DELAY_MS || 0);
  log(`SIGTERM received, exiting in ${delay}ms`);
  setTimeout(() => process.exit(0), delay);
});
process.on('SIGINT', () => exitWith(0));

if (env.HANG === '1') {
  log('HANG=1: not listening');
  setInterval(() => {}, 1 << 30);
} else {
  http.createServer(handle).listen(port, () => log(`listening on ${port}`));
}
