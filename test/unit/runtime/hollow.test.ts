import { createHollowRuntime } from '../../../src/agent/runtime/index.js';
import { runRuntimeContract } from '../../support/runtime-contract.js';

runRuntimeContract('hollow', () => createHollowRuntime({
  isImageAvailable: (image) => !image.includes('missing'),
  isCommandRunnable: (command) => !command.startsWith('nope'),
}), {
  shellImage: 'tug-busybox:1',
  realProcesses: false,
  images: { missingImage: 'missing/image:1' },
  missingCommand: 'nope-no-such-command',
});
