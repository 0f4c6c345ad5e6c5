/** The volume shell on a real filesystem: atomic writer, volume manager (fake API), usage walk, process-runtime links. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeAtomically, payloadDirName, DATA_LINK } from '../../../src/agent/volumes/atomic-writer.js';
import { createVolumeManager } from '../../../src/agent/volumes/manager.js';
import { diskUsageBytes } from '../../../src/agent/volumes/disk-usage.js';
import { filesystemOf, prepareMemoryBase, releaseMemoryBase } from '../../../src/agent/volumes/memory-base.js';
import { silentLogger } from '../../../src/agent/logger.js';
import { shmMemoryBase, volumePath } from '../../../src/agent/volumes/layout.js';
import { linkMounts } from '../../../src/agent/runtime/process/mounts.js';
import { toCreateOptions } from '../../../src/agent/runtime/docker/docker-spec.js';
import { createProcessRuntime } from '../../../src/agent/runtime/index.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { FakeClock } from '../../../src/client/clock.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { aContainerSpec, aPod, T0 } from './builders.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tug-volumes-test-'));
  temps.push(dir);
  return dir;
}
after(async () => { for (const d of temps) await rm(d, { recursive: true, force: true }); });

const file = (p: string, text: string, mode = 0o644) => ({ path: p, content: Buffer.from(text), mode });

void describe('atomic writer', () => {
  void it('lays out a timestamped payload dir, the ..data link and one relative link per top-level name', async () => {
    const dir = await tempDir();
    await writeAtomically(dir, [file('a.txt', 'A'), file('conf/b.ini', 'B', 0o600)], { now: () => T0 });
    const data = await readlink(path.join(dir, DATA_LINK));
    assert.match(data, /^\.\.2026_01_01_00_00_00\.\d{9}$/);
    assert.equal(await readlink(path.join(dir, 'a.txt')), '..data/a.txt');
    assert.equal(await readlink(path.join(dir, 'conf')), '..data/conf');
    assert.equal(await readFile(path.join(dir, 'conf/b.ini'), 'utf8'), 'B');
    assert.equal((await stat(path.join(dir, 'conf/b.ini'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(dir)).sort(), [DATA_LINK, data, 'a.txt', 'conf'].sort());
  });

  void it('keeps the old content readable until the swap, then shows only the new set and removes the old dir', async () => {
    const dir = await tempDir();
    await writeAtomically(dir, [file('a', 'old'), file('gone', 'x')]);
    const oldTarget = await readlink(path.join(dir, DATA_LINK));
    let seenBeforeSwap = '';
    const result = await writeAtomically(dir, [file('a', 'new'), file('added', 'y')], {
      beforeSwap: async () => { seenBeforeSwap = await readFile(path.join(dir, 'a'), 'utf8'); },
    });
    assert.equal(result.changed, true);
    assert.equal(seenBeforeSwap, 'old');
    assert.equal(await readFile(path.join(dir, 'a'), 'utf8'), 'new');
    assert.equal(await readFile(path.join(dir, 'added'), 'utf8'), 'y');
    assert.equal(existsSync(path.join(dir, 'gone')), false);
    assert.equal(existsSync(path.join(dir, oldTarget)), false);
  });

  void it('writes nothing when the payload equals what is on disk', async () => {
    const dir = await tempDir();
    await writeAtomically(dir, [file('a', 'same')]);
    const before = await readlink(path.join(dir, DATA_LINK));
    assert.deepEqual(await writeAtomically(dir, [file('a', 'same')]), { changed: false });
    assert.equal(await readlink(path.join(dir, DATA_LINK)), before);
    assert.equal((await writeAtomically(dir, [file('a', 'same', 0o400)])).changed, true, 'a mode change is a change');
  });

  void it('names payload dirs like the kubelet', () => {
    assert.equal(payloadDirName(Date.parse('2026-11-26T10:40:01.500Z'), 42), '..2026_11_26_10_40_01.000000042');
  });
});

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true } as const;
const PVCS = { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true } as const;
const PVS = { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false } as const;

function podWithVolumes(volumes: Array<{ name: string; [k: string]: unknown }>, uid = 'uid-1'): Pod {
  const pod = aPod({ uid, containers: [aContainerSpec('app', { volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })) })] });
  return { ...pod, spec: { ...pod.spec, volumes } };
}

async function aManager(objects: KubeObject[] = []) {
  const dataDir = await tempDir();
  const memoryRoot = await tempDir();
  const client = createFakeClient(objects);
  const manager = createVolumeManager({ client, dataDir, memoryRoot, hostIP: '10.0.0.5', clock: new FakeClock(T0) });
  return { dataDir, memoryRoot, client, manager };
}

void describe('volume manager', () => {
  void it('waits for a missing ConfigMap, then writes it once it exists', async () => {
    const { manager, client, dataDir } = await aManager();
    const pod = podWithVolumes([{ name: 'cfg', configMap: { name: 'app' } }]);
    assert.deepEqual(await manager.prepare(pod), { ok: false, volume: 'cfg', message: 'configmap "app" not found' });
    await client.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { greeting: 'hello' } } as KubeObject);
    assert.deepEqual(await manager.prepare(pod), { ok: true });
    assert.equal(await readFile(path.join(volumePath(dataDir, 'uid-1', 'configMap', 'cfg'), 'greeting'), 'utf8'), 'hello');
  });

  void it('keeps secret bytes under the memory root and links the pod path to them', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('pw').toString('base64') } } as KubeObject;
    const { manager, dataDir, memoryRoot } = await aManager([secret]);
    const pod = podWithVolumes([{ name: 'creds', secret: { secretName: 'db' } }]);
    assert.deepEqual(await manager.prepare(pod), { ok: true });
    const link = volumePath(dataDir, 'uid-1', 'secret', 'creds');
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.ok((await readlink(link)).startsWith(memoryRoot));
    assert.equal(await readFile(path.join(link, 'password'), 'utf8'), 'pw');
    await manager.cleanup('uid-1');
    assert.equal(existsSync(path.join(memoryRoot, 'uid-1')), false);
    assert.equal(existsSync(path.join(dataDir, 'pods', 'uid-1')), false);
  });

  void it('refreshes content volumes of prepared pods when the source changes', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { v: '1' } } as KubeObject;
    const { manager, client, dataDir } = await aManager([cm]);
    const pod = podWithVolumes([{ name: 'cfg', configMap: { name: 'app' } }]);
    await manager.prepare(pod);
    const current = await client.get(CONFIGMAPS, 'default', 'app');
    await client.update(CONFIGMAPS, { ...current, data: { v: '2' } } as KubeObject);
    await manager.resync([pod]);
    assert.equal(await readFile(path.join(volumePath(dataDir, 'uid-1', 'configMap', 'cfg'), 'v'), 'utf8'), '2');
  });

  void it('keeps the last content when the source disappears', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { v: '1' } } as KubeObject;
    const { manager, client, dataDir } = await aManager([cm]);
    const pod = podWithVolumes([{ name: 'cfg', configMap: { name: 'app' } }]);
    await manager.prepare(pod);
    await client.delete(CONFIGMAPS, 'default', 'app');
    await manager.resync([pod]);
    assert.equal(await readFile(path.join(volumePath(dataDir, 'uid-1', 'configMap', 'cfg'), 'v'), 'utf8'), '1');
  });

  void it('mounts a bound claim by linking to the PV directory, creating it, and never deletes its data', async () => {
    const { manager, client, dataDir } = await aManager();
    const pvDir = path.join(await tempDir(), 'pv-1');
    const pod = podWithVolumes([{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]);
    const claim = await client.create(PVCS, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: {} } as KubeObject);
    assert.deepEqual(await manager.prepare(pod), { ok: false, volume: 'data', message: 'persistentvolumeclaim "data" is not bound (phase Pending)' });
    await client.create(PVS, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: { hostPath: { path: pvDir }, claimRef: { name: 'data', namespace: 'default' } } } as KubeObject);
    await client.update(PVCS, { ...claim, spec: { volumeName: 'pv-1' } } as KubeObject);
    await client.update(PVCS, { ...(await client.get(PVCS, 'default', 'data')), status: { phase: 'Bound' } } as KubeObject, { subresource: 'status' });
    assert.deepEqual(await manager.prepare(pod), { ok: true });
    await writeFile(path.join(volumePath(dataDir, 'uid-1', 'persistentVolumeClaim', 'data'), 'kept.txt'), 'data');
    await manager.cleanup('uid-1');
    assert.equal(await readFile(path.join(pvDir, 'kept.txt'), 'utf8'), 'data');
  });

  void it('finds pods whose disk emptyDir exceeds its sizeLimit, once', async () => {
    const { manager, dataDir } = await aManager();
    const pod = podWithVolumes([{ name: 'cache', emptyDir: { sizeLimit: '64Ki' } }]);
    assert.deepEqual(await manager.prepare(pod), { ok: true });
    assert.deepEqual(await manager.checkSizeLimits([pod]), []);
    await writeFile(path.join(volumePath(dataDir, 'uid-1', 'emptyDir', 'cache'), 'big'), Buffer.alloc(256 * 1024, 1));
    const evictions = await manager.checkSizeLimits([pod]);
    assert.deepEqual(evictions.map((e) => e.podKey), ['default/web']);
    assert.match(manager.evictionOf('uid-1') ?? '', /EmptyDir volume "cache" exceeds the limit "64Ki"/);
    assert.deepEqual(await manager.checkSizeLimits([pod]), [], 'an eviction is reported once');
  });

  void it('sweeps the volume directories of pods that are gone', async () => {
    const { manager, dataDir } = await aManager();
    await manager.prepare(podWithVolumes([{ name: 'a', emptyDir: {} }], 'live'));
    await manager.prepare(podWithVolumes([{ name: 'a', emptyDir: {} }], 'gone'));
    await manager.sweep(new Set(['live']));
    assert.deepEqual(await readdir(path.join(dataDir, 'pods')), ['live']);
  });
});

void describe('memory base', () => {
  void it('creates a private dir per data dir, removes bases of agents whose data dir is gone, and releases an empty one', async () => {
    const shmRoot = await tempDir();
    const gone = await tempDir();
    const abandoned = await prepareMemoryBase({ dataDir: gone, mode: 'shm', sizeBytes: 0, logger: silentLogger, shmRoot });
    await mkdir(path.join(abandoned.root, 'uid-x'));
    await rm(gone, { recursive: true });
    const dataDir = await tempDir();
    const base = await prepareMemoryBase({ dataDir, mode: 'shm', sizeBytes: 0, logger: silentLogger, shmRoot });
    assert.deepEqual(base, { root: shmMemoryBase(dataDir, shmRoot), how: 'shm' });
    assert.equal((await stat(base.root)).mode & 0o777, 0o700);
    assert.equal(existsSync(abandoned.root), false);
    await releaseMemoryBase(base, silentLogger);
    assert.equal(existsSync(base.root), false);
  });
});

void describe('filesystem helpers', () => {
  void it('measures allocated bytes of a tree without following links', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'f'), Buffer.alloc(100 * 1024, 1));
    const used = await diskUsageBytes(dir);
    assert.ok(used >= 100 * 1024, `used ${used}`);
    assert.equal(await diskUsageBytes(path.join(dir, 'missing')), 0);
  });

  void it('finds the filesystem of /dev/shm to be a tmpfs', { skip: existsSync('/dev/shm') ? false : 'no /dev/shm' }, async () => {
    assert.equal((await filesystemOf('/dev/shm/anything'))?.type, 'tmpfs');
  });

  void it('links process-runtime mounts under the container root', async () => {
    const root = await tempDir();
    const source = await tempDir();
    await writeFile(path.join(source, 'key'), 'v');
    await linkMounts(root, [{ hostPath: source, containerPath: '/etc/config' }, { hostPath: source, containerPath: '/' }]);
    assert.equal(await readFile(path.join(root, 'etc/config/key'), 'utf8'), 'v');
  });

  void it('lets a process-runtime container read its mounts under $TUG_ROOT', async () => {
    const source = await tempDir();
    await writeFile(path.join(source, 'key'), 'from-volume');
    const runtime = createProcessRuntime({ dataDir: await tempDir() });
    try {
      const created = await runtime.create({
        name: 'reader', image: 'none', imagePullPolicy: 'Never', env: {}, ports: [], labels: {},
        command: ['sh', '-c', 'cat "$TUG_ROOT/etc/cfg/key"; cat etc/cfg/key'], mounts: [{ hostPath: source, containerPath: '/etc/cfg', readOnly: true }],
      });
      assert.ok(created.ok);
      assert.ok((await runtime.start(created.value.id)).ok);
      let out = '';
      for (let i = 0; i < 100 && !out.includes('from-volumefrom-volume'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        const logs = await runtime.logs(created.value.id, {});
        if (logs.ok) { out = ''; for await (const chunk of logs.value) out += String(chunk); }
      }
      assert.match(out, /from-volumefrom-volume/);
      await runtime.remove(created.value.id);
    } finally {
      await runtime.close();
    }
  });

  void it('binds every mount, read-only where asked', () => {
    const options = toCreateOptions({
      name: 'c', image: 'i', imagePullPolicy: 'Never', env: {}, ports: [], labels: {},
      mounts: [{ hostPath: '/h/cache', containerPath: '/cache' }, { hostPath: '/h/cfg', containerPath: '/cfg', readOnly: true }],
    });
    assert.deepEqual(options.HostConfig?.Binds, ['/h/cache:/cache', '/h/cfg:/cfg:ro']);
    assert.equal(options.HostConfig?.Tmpfs, undefined);
  });
});
