/**
 * The agent's URL surface, parsed without I/O:
 *   GET /containerLogs/{ns}/{pod}[/{container}]?follow=&tailLines=&sinceSeconds=&sinceTime=&timestamps=&previous=&limitBytes=
 *   GET /exec/{ns}/{pod}[/{container}]?command=…&stdin=&stdout=&stderr=&tty=   (WebSocket)
 * The container segment is optional: without it the pod's only container is meant.
 */
import type { PodLogRequest } from '../pod-streams.js';

export interface PodRef {
  namespace: string;
  name: string;
  container?: string;
}

export type AgentRequest =
  | { kind: 'logs'; pod: PodRef; query: Omit<PodLogRequest, 'signal' | 'container'> }
  | { kind: 'exec'; pod: PodRef; query: { command: string[]; stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean } }
  | { kind: 'error'; code: 400 | 404; message: string };

function flag(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  return v !== null && v !== 'false' && v !== '0';
}

function int(params: URLSearchParams, name: string): number | undefined | 'invalid' {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 'invalid';
}

function podRef(segments: string[]): PodRef | undefined {
  if (segments.length < 2 || segments.length > 3 || segments.some((s) => s === '')) return undefined;
  const [namespace, name, container] = segments.map((s) => decodeURIComponent(s));
  return { namespace, name, ...(container ? { container } : {}) };
}

export function parseAgentRequest(url: string): AgentRequest {
  const parsed = new URL(url, 'https://agent.invalid');
  const [head, ...rest] = parsed.pathname.split('/').filter((_s, i) => i > 0);
  const pod = podRef(rest);
  if (!pod || (head !== 'containerLogs' && head !== 'exec')) return { kind: 'error', code: 404, message: `no such path: ${parsed.pathname}` };
  const p = parsed.searchParams;
  if (head === 'exec') {
    const command = p.getAll('command');
    if (command.length === 0) return { kind: 'error', code: 400, message: 'you must specify at least 1 command' };
    return { kind: 'exec', pod, query: { command, stdin: flag(p, 'stdin'), stdout: flag(p, 'stdout'), stderr: flag(p, 'stderr'), tty: flag(p, 'tty') } };
  }
  const tailLines = int(p, 'tailLines');
  const sinceSeconds = int(p, 'sinceSeconds');
  const limitBytes = int(p, 'limitBytes');
  for (const [name, v] of [['tailLines', tailLines], ['sinceSeconds', sinceSeconds], ['limitBytes', limitBytes]] as const) {
    if (v === 'invalid') return { kind: 'error', code: 400, message: `${name} must be a non-negative integer` };
  }
  const sinceTime = p.get('sinceTime') ?? undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) return { kind: 'error', code: 400, message: `sinceTime is not a valid RFC 3339 time: ${sinceTime}` };
  return {
    kind: 'logs', pod,
    query: {
      follow: flag(p, 'follow'), previous: flag(p, 'previous'), timestamps: flag(p, 'timestamps'),
      tailLines: tailLines as number | undefined, sinceSeconds: sinceSeconds as number | undefined,
      limitBytes: limitBytes as number | undefined, ...(sinceTime ? { sinceTime } : {}),
    },
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
