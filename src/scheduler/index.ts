/** The scheduler: a pure placement pipeline (pipeline.ts) and its API shell (scheduler.ts). */
export { schedule, unschedulableMessage, FILTERS, SCORERS } from './pipeline.js';
export type { Placement } from './pipeline.js';
export { createScheduler, SCHEDULER_NAME, UNSCHEDULABLE_RETRY_MS } from './scheduler.js';
export { NodeInfos } from './node-infos.js';
export type { NodeInfo } from './types.js';
