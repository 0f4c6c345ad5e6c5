export { createDnsServer } from './server.js';
export type { DnsServer, DnsServerOptions } from './server.js';
export { answer } from './answer.js';
export type { AnswerOptions, DnsDecision } from './answer.js';
export { parseClusterName, dashedIpv4, endpointLabel } from './names.js';
export type { ClusterName } from './names.js';
export { resolvConfFor, parseResolvConfNameservers, parseUpstream, readSystemNameservers } from './resolv-conf.js';
export type { ResolvConfInput, UpstreamServer } from './resolv-conf.js';
