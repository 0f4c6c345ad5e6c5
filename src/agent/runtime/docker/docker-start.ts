import type { ContainerInfo, RuntimeResult } from '../runtime.js';
import { fail } from '../results.js';
import { daemonMessage, failureFrom, isUnavailable } from './docker-client.js';

/**
 * A failed start is RunContainerError, with the OCI message kept so the user sees e.g.
 * `exec: "nope": executable file not found in $PATH`; a taken host port gets a clear hint.
 */
export function startFailure(error: unknown, id: string): RuntimeResult<ContainerInfo> {
  if (isUnavailable(error)) return failureFrom(error, 'RunContainerError', `start ${id}`);
  const message = daemonMessage(error);
  if ((error as { statusCode?: number }).statusCode === 404) return fail('NotFound', message);
  if (/port is already allocated|address already in use/i.test(message)) {
    return fail('RunContainerError', `host port already in use: ${message}`);
  }
  return fail('RunContainerError', message);
}
