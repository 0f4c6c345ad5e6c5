/**
 * Host processes started by the process runtime outlive their agent (as containers do), so
 * suites and benchmarks that ran one stop what is left once tug has stopped.
 */
import { createProcessRuntime } from '../../../src/agent/runtime/index.js';

/** Stops (SIGKILL) and removes every container of the process runtime whose state is in `runtimeDir`. */
export async function removeProcessContainers(runtimeDir: string): Promise<void> {
  const runtime = createProcessRuntime({ dataDir: runtimeDir });
  try {
    for (const c of await runtime.list({})) {
      await runtime.stop(c.id, 0);
      await runtime.remove(c.id);
    }
  } finally {
    await runtime.close();
  }
}
