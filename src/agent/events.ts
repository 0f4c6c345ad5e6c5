/**
 * The agent's Events about pods: the shared recorder (src/client/event-recorder.ts) as
 * source.component tug-agent on this node; a failed write is logged.
 */
import { createEventRecorder, type EventRecorder } from '../client/event-recorder.js';
import type { ApiClient } from '../client/types.js';
import type { Clock } from '../client/clock.js';
import type { AgentLogger } from './logger.js';

export { EVENTS } from '../client/event-recorder.js';
export type { EventRecorder } from '../client/event-recorder.js';

export function createAgentEventRecorder(opts: { client: ApiClient; clock: Clock; nodeName: string; logger: AgentLogger }): EventRecorder {
  return createEventRecorder({
    client: opts.client, clock: opts.clock, component: 'tug-agent', host: opts.nodeName,
    onError: (err, object, event) => opts.logger.warn({ err, reason: event.reason, pod: object.metadata.name }, 'could not write event'),
  });
}
