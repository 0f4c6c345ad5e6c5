/** The termination gate: stop a deleting pod's containers only after every proxy dropped it (issue 6 item 4). */
export { createTerminationGate, type TerminationGate, type TerminationGateOptions, type GateCheck } from './gate.js';
export { decideTermination, gateBoundMs, gateEvent, type GateDecision, type GateInput, type GateMemory, type ProxyFacts, type SliceFacts } from './decide.js';
export { proxyFactsOf, sliceFactsFor, revisionNumber } from './facts.js';
export { TERMINATION_GATE_DEFAULTS } from './defaults.js';
