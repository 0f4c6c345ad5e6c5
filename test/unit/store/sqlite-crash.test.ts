import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { openSqliteStore } from '../../../src/store/index.js';

// Run the fixture the way this file runs: from source through tsx, or compiled from dist.
const fromSource = import.meta.url.endsWith('.ts');
const fixture = fileURLToPath(new URL(`./fixtures/sqlite-writer.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const nodeArgs = fromSource ? ['--import', 'tsx', fixture] : [fixture];

interface Acknowledged {
  key: string;
  revision: number;
  value: string;
}

/** Starts the writer, collects acknowledged writes, SIGKILLs it once `count` are in. */
function runWriterUntilKilled(path: string, count: number, children: ChildProcess[]): Promise<Acknowledged[]> {
  const child = spawn(process.execPath, [...nodeArgs, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const acknowledged: Acknowledged[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [key, revision, value] = line.split(' ');
    if (key === 'ready') return;
    acknowledged.push({ key, revision: Number(revision), value });
    if (acknowledged.length === count) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tug-store-crash-'));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

void it('keeps every acknowledged write after the writer is killed with SIGKILL', { timeout: 60_000 }, async (t) => {
  const path = join(dir, 'crash.db');
  const acknowledged = await runWriterUntilKilled(path, 400, children);
  assert.ok(acknowledged.length >= 400);

  const store = await openSqliteStore({ path });
  t.after(() => store.close());
  for (const write of acknowledged) {
    const kv = await store.get(write.key);
    assert.deepEqual(kv && { value: kv.value, revision: kv.modRevision }, { value: write.value, revision: write.revision },
      `acknowledged write ${write.key} lost or changed`);
  }
  const highest = Math.max(...acknowledged.map((write) => write.revision));
  assert.ok((await store.currentRevision()) >= highest);
  const next = await store.create('/crash/after', 'alive');
  assert.ok(next.ok && next.kv.modRevision > highest);
});
