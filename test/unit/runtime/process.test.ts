import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessRuntime } from '../../../src/agent/runtime/index.js';
import { runRuntimeContract } from '../../support/runtime-contract.js';
import { testAppPath } from '../../support/docker/images.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tug-process-runtime-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

runRuntimeContract('process', () => createProcessRuntime({ dataDir }), {
  shellImage: 'tug-busybox:1',
  realProcesses: true,
  httpApp: { image: 'tug-node:1', command: [process.execPath, testAppPath()], containerPort: 8080 },
  missingCommand: 'nope-no-such-command',
});
