/** Builders and waiting helpers for the runtime contract suite. */
import { randomBytes } from 'node:crypto';
import type { ContainerInfo, ContainerSpec, Runtime } from '../../src/agent/runtime/runtime.js';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function aContainer(overrides: Partial<ContainerSpec> & { image: string }): ContainerSpec {
  return {
    name: uniqueName('contract'),
    imagePullPolicy: 'IfNotPresent',
    env: {},
    ports: [],
    mounts: [],
    labels: { 'io.tugboat.test': 'contract' },
    ...overrides,
  };
}

/** Polls `probe` until it returns a value; a bound (not an assertion) so a broken runtime fails instead of hanging. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function waitForState(runtime: Runtime, id: string, state: ContainerInfo['state']): Promise<ContainerInfo> {
  return waitFor(`container ${id} to be ${state}`, async () => {
    const r = await runtime.inspect(id);
    return r.ok && r.value.state === state ? r.value : undefined;
  });
}

export function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (c: Buffer | string) => { text += c.toString(); });
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/** Reads a stream until `text` appears (resolves with everything read so far). */
export function readUntil(stream: NodeJS.ReadableStream, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    stream.on('data', (c: Buffer | string) => {
      seen += c.toString();
      if (seen.includes(text)) resolve(seen);
    });
    stream.on('end', () => (seen.includes(text) ? resolve(seen) : reject(new Error(`stream ended before "${text}": ${seen}`))));
    stream.on('error', reject);
  });
}

/** Tracks containers a test creates and removes them afterwards, even on failure. */
export class Cleanup {
  private readonly ids: string[] = [];
  constructor(private readonly runtime: Runtime) {}

  async createAndStart(spec: ContainerSpec): Promise<ContainerInfo> {
    const created = await this.runtime.create(spec);
    if (!created.ok) throw new Error(`create failed: ${created.reason} ${created.message}`);
    this.ids.push(created.value.id);
    const started = await this.runtime.start(created.value.id);
    if (!started.ok) throw new Error(`start failed: ${started.reason} ${started.message}`);
    return started.value;
  }

  track(id: string): void {
    this.ids.push(id);
  }

  async run(): Promise<void> {
    for (const id of this.ids.splice(0)) await this.runtime.remove(id);
  }
}
