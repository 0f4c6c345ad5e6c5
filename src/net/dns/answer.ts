/**
 * Pure: one DNS question + the ServiceTable → the records to send, or "forward upstream".
 * Record shapes are dns-packet's, so the server only stamps id and flags on them.
 */
import type { Answer, Question } from 'dns-packet';
import type { ServiceAddress, ServiceEntry, ServiceTable } from '../types.js';
import { serviceKey } from '../types.js';
import { endpointLabel, parseClusterName, type ClusterName } from './names.js';

export interface AnswerOptions {
  clusterDomain: string;
  ttlSeconds: number;
}

export type DnsDecision =
  | { kind: 'forward' }
  | { kind: 'answer'; rcode: 'NOERROR' | 'NXDOMAIN'; answers: Answer[]; authorities: Answer[]; additionals: Answer[] };

export function answer(question: Question, table: ServiceTable, options: AnswerOptions): DnsDecision {
  const parsed = parseClusterName(question.name, options.clusterDomain);
  if (!parsed) return { kind: 'forward' };
  const records = new RecordBuilder(question, table, options);
  return records.decide(parsed);
}

class RecordBuilder {
  private readonly domain: string;

  constructor(private readonly question: Question, private readonly table: ServiceTable, private readonly options: AnswerOptions) {
    this.domain = options.clusterDomain.toLowerCase().replace(/\.$/, '');
  }

  decide(name: ClusterName): DnsDecision {
    switch (name.kind) {
      case 'interior':
        return name.namespace === undefined || this.namespaceExists(name.namespace) ? this.noData() : this.nxDomain();
      case 'service': return this.service(name.namespace, name.service);
      case 'servicePort': return this.servicePort(name.namespace, name.service, name.portName, name.protocol);
      case 'serviceChild': return this.serviceChild(name.namespace, name.service, name.label);
      case 'pod':
        if (name.ip === undefined) return this.nxDomain();
        return this.wants('A') ? this.records([this.a(this.question.name, name.ip)]) : this.noData();
      case 'unknown': return this.nxDomain();
    }
  }

  private service(namespace: string, serviceName: string): DnsDecision {
    const svc = this.table.get(serviceKey(namespace, serviceName));
    if (!svc) return this.nxDomain();
    if (svc.type === 'ExternalName') {
      if (!svc.externalName) return this.noData();
      // A CNAME owns every type at its name; the client's resolver chases the target.
      return this.records([{ type: 'CNAME', name: this.question.name, ttl: this.options.ttlSeconds, data: svc.externalName }]);
    }
    if (this.wants('A')) return this.records(this.addressRecords(svc, this.question.name));
    if (this.question.type === 'SRV') return this.srv(svc, svc.ports);
    return this.noData();
  }

  private servicePort(namespace: string, serviceName: string, portName: string, protocol: string): DnsDecision {
    const svc = this.table.get(serviceKey(namespace, serviceName));
    if (!svc) return this.nxDomain();
    const ports = svc.ports.filter((p) => p.name.toLowerCase() === portName && p.protocol.toLowerCase() === protocol);
    if (ports.length === 0) return this.nxDomain();
    return this.question.type === 'SRV' || isAny(this.question) ? this.srv(svc, ports) : this.noData();
  }

  private serviceChild(namespace: string, serviceName: string, label: string): DnsDecision {
    const svc = this.table.get(serviceKey(namespace, serviceName));
    if (!svc) return this.nxDomain();
    // `_tcp.<svc>.<ns>.svc` exists as the parent of `_<port>._tcp...` names.
    if (label.startsWith('_') && svc.ports.some((p) => `_${p.protocol.toLowerCase()}` === label)) return this.noData();
    if (!svc.headless) return this.nxDomain();
    const matches = readyAddresses(svc).filter((a) => endpointLabel(a) === label);
    if (matches.length === 0) return this.nxDomain();
    return this.wants('A') ? this.records(matches.map((a) => this.a(this.question.name, a.ip))) : this.noData();
  }

  private srv(svc: ServiceEntry, ports: ServiceEntry['ports']): DnsDecision {
    const answers: Answer[] = [];
    const additionals: Answer[] = [];
    const serviceName = `${svc.name}.${svc.namespace}.svc.${this.domain}`;
    const ttl = this.options.ttlSeconds;
    for (const port of ports) {
      if (!svc.headless) {
        answers.push({ type: 'SRV', name: this.question.name, ttl, data: { priority: 0, weight: 100, port: port.port, target: serviceName } });
        continue;
      }
      for (const ep of port.endpoints.filter((e) => e.ready && !e.terminating)) {
        answers.push({ type: 'SRV', name: this.question.name, ttl, data: { priority: 0, weight: 100, port: ep.port, target: `${endpointLabel(ep)}.${serviceName}` } });
      }
    }
    if (!svc.headless) additionals.push(...this.addressRecords(svc, serviceName));
    else for (const a of readyAddresses(svc)) additionals.push(this.a(`${endpointLabel(a)}.${serviceName}`, a.ip));
    return { kind: 'answer', rcode: 'NOERROR', answers, authorities: answers.length ? [] : [this.soa()], additionals: dedupe(additionals) };
  }

  private addressRecords(svc: ServiceEntry, name: string): Answer[] {
    if (svc.clusterIP !== undefined) return [this.a(name, svc.clusterIP)];
    if (!svc.headless) return [];
    return [...new Set(readyAddresses(svc).map((a) => a.ip))].map((ip) => this.a(name, ip));
  }

  private namespaceExists(namespace: string): boolean {
    for (const svc of this.table.values()) if (svc.namespace === namespace) return true;
    return false;
  }

  private wants(type: 'A'): boolean {
    return this.question.type === type || isAny(this.question);
  }

  private a(name: string, ip: string): Answer {
    return { type: 'A', name, ttl: this.options.ttlSeconds, data: ip };
  }

  private records(answers: Answer[]): DnsDecision {
    return answers.length === 0 ? this.noData() : { kind: 'answer', rcode: 'NOERROR', answers, authorities: [], additionals: [] };
  }

  /** The name exists but has no record of the asked type; the SOA lets resolvers cache that. */
  private noData(): DnsDecision {
    return { kind: 'answer', rcode: 'NOERROR', answers: [], authorities: [this.soa()], additionals: [] };
  }

  private nxDomain(): DnsDecision {
    return { kind: 'answer', rcode: 'NXDOMAIN', answers: [], authorities: [this.soa()], additionals: [] };
  }

  private soa(): Answer {
    const ttl = this.options.ttlSeconds;
    return {
      type: 'SOA', name: this.domain, ttl,
      data: { mname: `ns.dns.${this.domain}`, rname: `hostmaster.${this.domain}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl },
    };
  }
}

/** dns-packet decodes QTYPE 255 as 'ANY', which its typings do not list. */
function isAny(question: Question): boolean {
  return (question.type as string) === 'ANY';
}

function readyAddresses(svc: ServiceEntry): ServiceAddress[] {
  return svc.addresses.filter((a) => a.ready && !a.terminating);
}

function dedupe(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.type}|${r.name}|${JSON.stringify((r as { data?: unknown }).data)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
