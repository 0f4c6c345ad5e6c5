/**
 * Services end to end (issue 6): `tug up --runtime docker --service-cidr 10.43.0.0/16` inside a
 * network namespace with its own dockerd, so every address the traffic touches (ClusterIPs,
 * the cluster DNS 10.43.0.10, the Docker bridge, NodePorts on the namespace's 127.0.0.1) is
 * the test's own. Requests and DNS queries run inside the namespace (host.run); the API is used
 * through the server's internal unix socket in the data dir. Needs root, `ip netns` and
 * dockerd; skips otherwise (fails on CI as root).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createHttpClient, isInvalid, type HttpApiClient } from '../../../src/client/index.js';
import { createHostNetwork, hostNetworkRequired, hostNetworkSupport, type Host, type HostNetwork } from '../../support/hosts/index.js';
import { startNetnsDockerd, type NetnsDockerd } from '../../support/docker/netns-dockerd.js';
import { repoRoot } from '../../support/cluster/tug.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const PODS = resourceByKind('v1', 'Pod')!;
const EVENTS = resourceByKind('v1', 'Event')!;
const SLICES = resourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const DNS = '10.43.0.10';
const API_PORT = 6443;
/** The proxy under test; TUG_E2E_SERVICE_PROXY=nft runs the same checks against kernel forwarding. */
const PROXY = process.env.TUG_E2E_SERVICE_PROXY ?? 'userspace';

const support = await hostNetworkSupport();
const dockerd = ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'].some((p) => existsSync(p));
const skipReason = !support.supported ? support.reason : !dockerd ? 'dockerd is not installed' : undefined;

/** GETs `url` `count` times, each on a new connection, inside the namespace → the pods that answered (or error codes). */
const GET_MANY = `
const http = require('node:http');
const [url, count] = process.argv.slice(1);
const one = () => new Promise((resolve) => {
  const req = http.get(url, { agent: false, timeout: 3000 }, (res) => {
    let body = ''; res.setEncoding('utf8');
    res.on('data', (c) => { body += c; });
    res.on('end', () => { try { resolve(JSON.parse(body).pod); } catch { resolve('bad:' + body); } });
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
  req.on('error', (e) => resolve('error:' + (e.code || e.message)));
});
(async () => { const out = []; for (let i = 0; i < Number(count); i++) out.push(await one()); console.log(JSON.stringify(out)); })();
`;

/** POSTs to `url` inside the namespace. */
const POST = `
const http = require('node:http');
const req = http.request(process.argv[1], { method: 'POST', agent: false }, (res) => { res.resume(); res.on('end', () => console.log(res.statusCode)); });
req.on('error', (e) => { console.log('error:' + e.code); }); req.end();
`;

/** One DNS question to the cluster DNS inside the namespace → JSON answer or error code. */
const RESOLVE = `
const { Resolver } = require('node:dns/promises');
const [server, kind, name] = process.argv.slice(1);
const r = new Resolver({ timeout: 2000, tries: 2 }); r.setServers([server]);
r[kind](name).then((a) => console.log(JSON.stringify(a)), (e) => console.log(JSON.stringify({ error: e.code })));
`;

function webDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: 'app', image: 'tug-node:1', imagePullPolicy: 'Never',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
          }],
        },
      },
    },
  };
}

function aService(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, debug: () => string | Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  assert.fail(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${await debug()}`);
}

if (skipReason && !hostNetworkRequired()) {
  void describe('Services (ClusterIP, NodePort, DNS) in a network namespace', () => {
    void it('needs root, `ip netns` and dockerd (set TUG_REQUIRE_NETNS=1 to make this a failure)', { skip: skipReason }, () => {});
  });
} else {
  void describe('Services (ClusterIP, NodePort, DNS) in a network namespace', () => {
    let network: HostNetwork | undefined;
    let docker: NetnsDockerd | undefined;
    let tug: ChildProcess | undefined;
    let client: HttpApiClient | undefined;
    let dataDir = '';
    let output = '';
    let host: Host;
    const c = () => client!;
    const logs = () => output.split('\n').slice(-80).join('\n');
    const inNs = async (script: string, args: string[], timeoutMs = 20_000): Promise<unknown> => {
      const result = await host.run(process.execPath, ['-e', script, ...args], { timeoutMs });
      assert.equal(result.code, 0, `in-namespace script failed: ${result.stderr}`);
      return JSON.parse(result.stdout.trim());
    };
    const kubectl = (args: string[], timeoutMs = 20_000) => host.run('kubectl', ['--kubeconfig', join(dataDir, 'kubeconfig.yaml'), ...args], { timeoutMs });
    const getMany = async (url: string, count = 30) => inNs(GET_MANY, [url, String(count)]) as Promise<string[]>;
    const resolve = async (kind: string, name: string) => inNs(RESOLVE, [DNS, kind, name]);
    const readyPods = async () => (await c().list(PODS, { namespace: 'default', labelSelector: 'app=web' })).items
      .filter((p) => !p.metadata.deletionTimestamp && (p.status?.conditions as Array<{ type: string; status: string }> | undefined)?.some((x) => x.type === 'Ready' && x.status === 'True'))
      .map((p) => p.metadata.name!).sort();
    /** host:port of each endpoint of Service `name`, by pod, from its EndpointSlices. */
    const endpointsOf = async (name: string) => {
      const slices = (await c().list(SLICES, { namespace: 'default', labelSelector: `kubernetes.io/service-name=${name}` })).items;
      return slices.flatMap((s) => ((s.endpoints ?? []) as Array<{ addresses: string[]; conditions: { ready?: boolean }; targetRef?: { name: string } }>).map((e) => ({
        pod: e.targetRef?.name ?? '', address: `${e.addresses[0]}:${(s.ports as Array<{ port: number }>)[0]?.port}`, ready: e.conditions.ready !== false,
      })));
    };
    let clusterIP = '';
    let nodePort = 0;

    before(async () => {
      assert.ok(!skipReason, `Services e2e is required here but cannot run: ${skipReason}`);
      network = await createHostNetwork({ hosts: ['node'] });
      host = network.host('node');
      docker = await startNetnsDockerd(host);
      await docker.loadTestImages();
      // Short path: the API's unix socket must fit in sun_path (108 bytes).
      dataDir = await mkdtemp('/tmp/tug-svc-');
      tug = host.exec(process.execPath, [
        join(repoRoot(), 'bin', 'tug.js'), 'up', '--data-dir', dataDir, '--port', String(API_PORT), '--bind', '127.0.0.1',
        '--runtime', 'docker', '--service-cidr', '10.43.0.0/16', '--service-proxy', PROXY,
      ], { env: { DOCKER_HOST: docker.dockerHost } });
      tug.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
      tug.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
      await waitFor('tug up to serve', async () => (output.includes('Tugboat API is serving') ? true : undefined), 30_000, logs);
      const token = (await readFile(join(dataDir, 'tokens', 'admin'), 'utf8')).trim();
      client = createHttpClient({ server: 'http://localhost', socketPath: join(dataDir, 'api.sock'), token, userAgent: 'tug-e2e-services' });

      await c().create(DEPLOYMENTS, webDeployment());
      const web = await c().create(SERVICES, aService('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
      clusterIP = web.spec.clusterIP;
      nodePort = web.spec.ports[0].nodePort;
      await waitFor('3 ready endpoints', async () => ((await endpointsOf('web')).filter((e) => e.ready).length === 3 ? true : undefined), 60_000, logs);
    });

    after(async () => {
      await client?.close().catch(() => undefined);
      if (tug && tug.exitCode === null) {
        tug.kill('SIGTERM');
        await Promise.race([new Promise((r) => tug!.once('exit', r)), sleep(10_000)]);
      }
      // Containers first (fast), so dockerd's own shutdown has nothing to wait for.
      if (docker) await host.run('sh', ['-c', `docker -H ${docker.dockerHost} rm -f $(docker -H ${docker.dockerHost} ps -aq) 2>/dev/null || true`], { timeoutMs: 30_000 }).catch(() => undefined);
      await docker?.stop();
      await network?.destroy();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('publishes the cluster DNS as kube-system/kube-dns on the range’s .10', async () => {
      const dns = await c().get(SERVICES, 'kube-system', 'kube-dns');
      assert.equal(dns.spec.clusterIP, DNS);
      assert.match(clusterIP, /^10\.43\.\d+\.\d+$/);
    });

    it('spreads requests to the ClusterIP and to the NodePort over all three pods', async () => {
      const pods = await readyPods();
      assert.equal(pods.length, 3);
      // The proxy may take a moment after the slice shows 3 ready endpoints.
      await waitFor('every pod answering through the ClusterIP', async () => {
        const seen = new Set(await getMany(`http://${clusterIP}:80/`));
        return pods.every((p) => seen.has(p)) ? true : undefined;
      }, 10_000, logs);
      const viaClusterIP = await getMany(`http://${clusterIP}:80/`);
      assert.deepEqual([...new Set(viaClusterIP)].sort(), pods, 'ClusterIP replies');
      const viaNodePort = await getMany(`http://127.0.0.1:${nodePort}/`);
      assert.deepEqual([...new Set(viaNodePort)].sort(), pods, 'NodePort replies');
    });

    it('stops sending to a replica that fails readiness, and resumes when it recovers', async () => {
      const [victim] = await readyPods();
      const endpoint = (await endpointsOf('web')).find((e) => e.pod === victim)!;
      assert.equal(await inNs(POST, [`http://${endpoint.address}/control/fail-readiness`]), 200);
      await waitFor('the replica out of the ClusterIP’s rotation', async () => {
        const seen = await getMany(`http://${clusterIP}:80/`, 12);
        return seen.includes(victim) ? undefined : true;
      }, 10_000, logs);
      const after = await getMany(`http://${clusterIP}:80/`);
      assert.equal(after.includes(victim), false);
      assert.equal(new Set(after).size, 2, `the other two answer: ${after.join(',')}`);
      assert.equal(await inNs(POST, [`http://${endpoint.address}/control/recover`]), 200);
      await waitFor('the replica back in rotation', async () => ((await getMany(`http://${clusterIP}:80/`, 12)).includes(victim) ? true : undefined), 10_000, logs);
    });

    it('gives a client container the cluster DNS: it resolves web.default.svc.cluster.local and web, and reaches the Service', async () => {
      // tug-node:1 as the client: its busybox has nslookup, and node resolves through glibc's
      // getaddrinfo (search path, ndots). The static busybox's own wget crashes in glibc's NSS.
      await c().create(PODS, {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'sh', image: 'tug-node:1', imagePullPolicy: 'Never', command: ['sleep', '3600'] }] },
      });
      await waitFor('the client pod running', async () => ((await c().get(PODS, 'default', 'client')).status?.phase === 'Running' ? true : undefined), 30_000, logs);
      const resolvConf = await kubectl(['exec', 'client', '--', 'cat', '/etc/resolv.conf']);
      assert.match(resolvConf.stdout, new RegExp(`nameserver ${DNS.replace(/\./g, '\\.')}`), resolvConf.stderr);
      assert.match(resolvConf.stdout, /search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local/);
      assert.match(resolvConf.stdout, /options ndots:5/);
      const fqdn = await kubectl(['exec', 'client', '--', 'nslookup', 'web.default.svc.cluster.local']);
      assert.ok(fqdn.stdout.includes(clusterIP), `nslookup web.default.svc.cluster.local:\n${fqdn.stdout}${fqdn.stderr}`);
      const lookup = await kubectl(['exec', 'client', '--', 'node', '-e', "require('dns').lookup('web', (e, a) => console.log(e ? e.code : a))"]);
      assert.equal(lookup.stdout.trim(), clusterIP, `lookup web:\n${lookup.stdout}${lookup.stderr}`);
      const get = await kubectl(['exec', 'client', '--', 'node', '-e', "require('http').get('http://web/', (r) => r.pipe(process.stdout)).on('error', (e) => console.log(e.code))"]);
      assert.match(get.stdout, /"pod":"web-/, `GET http://web/:\n${get.stdout}${get.stderr}`);
    });

    it('answers headless Services with each ready endpoint (SRV carries the ports), ExternalName with a CNAME', async () => {
      await c().create(SERVICES, aService('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
      await c().create(SERVICES, aService('ext', { type: 'ExternalName', externalName: 'example.org' }));
      await waitFor('3 ready headless endpoints', async () => ((await endpointsOf('web-headless')).filter((e) => e.ready).length === 3 ? true : undefined), 20_000, logs);
      const expected = (await endpointsOf('web-headless')).filter((e) => e.ready).map((e) => Number(e.address.split(':')[1])).sort();
      // Container ports are published on the host's address (architecture §7): every pod here is 127.0.0.1:<own port>.
      const srv = await waitFor('SRV records for every endpoint', async () => {
        const answer = await resolve('resolveSrv', '_http._tcp.web-headless.default.svc.cluster.local') as Array<{ port: number; name: string }>;
        return Array.isArray(answer) && answer.length === 3 ? answer : undefined;
      }, 10_000, logs);
      assert.deepEqual(srv.map((r) => r.port).sort(), expected);
      assert.deepEqual(await resolve('resolve4', 'web-headless.default.svc.cluster.local'), ['127.0.0.1']);
      const clusterSrv = await resolve('resolveSrv', '_http._tcp.web.default.svc.cluster.local') as Array<{ port: number; name: string }>;
      assert.deepEqual(clusterSrv.map((r) => [r.name, r.port]), [['web.default.svc.cluster.local', 80]]);
      assert.deepEqual(await waitFor('the CNAME', async () => {
        const answer = await resolve('resolveCname', 'ext.default.svc.cluster.local');
        return Array.isArray(answer) ? answer : undefined;
      }, 10_000, logs), ['example.org']);
      assert.deepEqual(await resolve('resolve4', 'nope.default.svc.cluster.local'), { error: 'ENOTFOUND' });
    });

    it('bad input: a Service selecting nothing resets connections, the proxy keeps serving the others', async () => {
      const empty = await c().create(SERVICES, aService('nobody', { selector: { app: 'nobody' }, ports: [{ port: 80, targetPort: 8080 }] }));
      // The userspace proxy accepts and resets; nft rejects the SYN with a reset (ECONNREFUSED).
      // Either way the client fails at once instead of hanging.
      const refusal = PROXY === 'nft' ? 'error:ECONNREFUSED' : 'error:ECONNRESET';
      let last: string[] = [];
      const replies = await waitFor('the empty Service’s listener', async () => {
        last = await getMany(`http://${empty.spec.clusterIP}:80/`, 3);
        return last.every((r) => r === refusal) ? last : undefined;
      }, 10_000, () => `last replies: ${last.join(',')}\n${logs()}`);
      assert.deepEqual(replies, [refusal, refusal, refusal]);
      assert.equal(new Set(await getMany(`http://${clusterIP}:80/`, 12)).size, 3, 'web still served');
    });

    it('bad input: a targetPort name no container has gets a Warning Event, and no endpoints', async () => {
      await c().create(SERVICES, aService('wrongport', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'nope' }] }));
      const event = await waitFor('a FailedToResolveTargetPort event', async () => {
        const events = (await c().list(EVENTS, { namespace: 'default', fieldSelector: 'involvedObject.name=wrongport' })).items;
        return events.find((e) => e.type === 'Warning');
      }, 20_000, logs);
      assert.match(`${event.reason} ${event.message}`, /targetPort|nope/i);
      assert.deepEqual((await endpointsOf('wrongport')).filter((e) => e.ready), []);
      assert.equal(new Set(await getMany(`http://${clusterIP}:80/`, 12)).size, 3, 'web still served');
    });

    it('bad input: a duplicate NodePort is refused with 422 Invalid', async () => {
      await assert.rejects(
        c().create(SERVICES, aService('dup', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 81, targetPort: 'http', nodePort }] })),
        (err: unknown) => isInvalid(err) && /already allocated/.test(String((err as Error).message)),
      );
    });

    it('LoadBalancer: the node address as ingress, served on the NodePort', async () => {
      const lb = await c().create(SERVICES, aService('web-lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 'http' }] }));
      const ingress = await waitFor('status.loadBalancer.ingress', async () => {
        const svc = await c().get(SERVICES, 'default', 'web-lb');
        return (svc.status?.loadBalancer?.ingress as Array<{ ip: string }> | undefined)?.map((i) => i.ip);
      }, 20_000, logs);
      assert.deepEqual(ingress, ['127.0.0.1']);
      const replies = await waitFor('the LoadBalancer answering', async () => {
        const out = await getMany(`http://${ingress[0]}:${lb.spec.ports[0].nodePort}/`, 6);
        return out.every((r) => r.startsWith('web-')) ? out : undefined;
      }, 10_000, logs);
      assert.ok(replies.length === 6);
    });
  });
}
