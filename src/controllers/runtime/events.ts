/**
 * Controllers and the scheduler record Events with the shared recorder
 * (src/client/event-recorder.ts): correlated repeats, at most one write per repeat window.
 */
export { createEventRecorder, EVENT_REPEAT_WRITE_MS } from '../../client/event-recorder.js';
export type { EventRecorder, EventSpec } from '../../client/event-recorder.js';
