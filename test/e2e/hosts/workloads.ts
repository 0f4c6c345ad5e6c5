/** The multi-host suites' shared helpers now live in test/support/hosts/tug-workloads.ts (the failover benchmark uses them too). */
export * from '../../support/hosts/tug-workloads.js';
