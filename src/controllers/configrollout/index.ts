export { createConfigRolloutController } from './controller.js';
export { decideConfigRollout, configHash, optedOut, CONFIG_HASH_ANNOTATION, CONFIG_ROLLOUT_ANNOTATION, CONFIG_HASH_APPLIED_ANNOTATION } from './decide.js';
export type { ConfigLookup, ConfigRolloutDecision } from './decide.js';
export { configReferences, refersTo } from './refs.js';
export type { ConfigRef, ConfigKind } from './refs.js';
