/**
 * Things started after the API answers (controllers, scheduler, the embedded agent).
 * Each talks to the API as a client, using the admin kubeconfig, and is stopped in
 * reverse order before the API closes so that none of them sees the server vanish.
 */
import type { Logger } from 'pino';
import { createHttpClient, type HttpApiClient } from '../client/index.js';

export interface PostStartContext {
  url: string;
  kubeconfigPath: string;
  caPem: string;
  token: string;
  /** Plain-HTTP unix socket of the same API for in-process clients (see inProcessClient). */
  internalSocket?: string;
  logger: Logger;
  /** Aborted when the server begins shutting down. */
  signal: AbortSignal;
}

export interface StartedComponent {
  stop(): Promise<void>;
}

export interface PostStartHook {
  name: string;
  start(context: PostStartContext): Promise<StartedComponent | void>;
}

/** Starts hooks in order, recording each into `started` at once so a later failure can still stop it. */
export async function runPostStartHooks(
  hooks: readonly PostStartHook[], context: PostStartContext,
  started: Array<{ name: string; component: StartedComponent }> = [],
): Promise<Array<{ name: string; component: StartedComponent }>> {
  for (const hook of hooks) {
    const component = await hook.start(context);
    context.logger.info({ hook: hook.name }, 'post-start hook started');
    if (component) started.push({ name: hook.name, component });
  }
  return started;
}

export async function stopComponents(
  started: ReadonlyArray<{ name: string; component: StartedComponent }>, logger: Logger,
): Promise<void> {
  for (const { name, component } of [...started].reverse()) {
    try {
      await component.stop();
    } catch (err) {
      logger.error({ hook: name, err }, 'post-start component failed to stop cleanly');
    }
  }
}

/**
 * A client for components in the server's own process: over the internal unix socket when
 * there is one (no TLS on every request), else over HTTPS like any remote client.
 */
export function inProcessClient(context: PostStartContext, userAgent: string): HttpApiClient {
  return context.internalSocket
    ? createHttpClient({ server: 'http://localhost', socketPath: context.internalSocket, token: context.token, userAgent })
    : createHttpClient({ server: context.url, caPem: context.caPem, token: context.token, userAgent });
}
