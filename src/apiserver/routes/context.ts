/** What the route handlers share. */
import type { RegistryDeps } from '../registry/context.js';
import type { Logger } from 'pino';
import type { OpenStreams } from '../streams.js';
import type { AgentDialer, Authorizer } from '../types.js';

export interface HandlerContext {
  deps: RegistryDeps;
  dialer?: AgentDialer;
  bookmarkIntervalMs: number;
  streams: OpenStreams;
  logger: Logger;
  /** Answers access reviews (routes/access-review.ts); default allow-all. */
  authorizer?: Authorizer;
}
