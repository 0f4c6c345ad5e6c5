/**
 * The heartbeat channel: one WebSocket per agent at /tugboat/v1/nodes/<node>/heartbeat on
 * which the agent sends a small renewal frame every beat and the server answers each with
 * the Lease's new resourceVersion (or a Status), after it has renewed the Lease
 * kube-node-lease/<node> on the agent's behalf.
 *
 * Why not a PUT per beat: at one beat a second, a node costs the server an HTTPS request
 * (parse, route, authenticate, authorize, admit, respond) every second; measured on two
 * cores, 500 nodes took 46 % of a core, most of it per-request overhead. A frame on an open,
 * already authenticated connection skips all of that, and the server commits the renewals
 * that arrive together in one transaction (Swarm's dispatcher and Nomad's heartbeats are
 * also session RPCs, not object writes). The Lease itself stays a normal object that
 * kubectl, watches and the node lifecycle controller see renewed.
 *
 * Frames are JSON text. Pure helpers only: the server side is src/apiserver/heartbeats,
 * the client src/client/heartbeat-channel.ts.
 */
import type { LeaseRenewal } from './node-lease.js';
import type { Status } from './types.js';

/** Kubernetes names: DNS subdomain. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const PATH = /^\/tugboat\/v1\/nodes\/([^/?]+)\/heartbeat$/;

export function heartbeatChannelPath(nodeName: string): string {
  return `/tugboat/v1/nodes/${encodeURIComponent(nodeName)}/heartbeat`;
}

/** The node a request path addresses, or undefined when the path is not a heartbeat channel. */
export function nodeOfHeartbeatPath(url: string): string | undefined {
  const match = PATH.exec(url.split('?')[0]);
  if (!match) return undefined;
  const name = decodeURIComponent(match[1]);
  return NODE_NAME.test(name) ? name : undefined;
}

/** Agent → server. `seq` matches the answer to its frame. */
export interface RenewalFrame extends LeaseRenewal {
  seq: number;
}

/** Server → agent: the renewed Lease's resourceVersion, or why it was not renewed. */
export type RenewalAnswer = { seq: number; resourceVersion: string } | { seq: number; status: Status };

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A resourceVersion: our revisions are decimal integers. */
const REVISION = /^\d{1,20}$/;
/** Longest frame either side accepts; a renewal is about 120 bytes. */
export const MAX_FRAME_BYTES = 4096;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function parseRenewalFrame(text: string): Parsed<RenewalFrame> {
  const frame = parseObject(text);
  if (!frame) return { ok: false, message: 'a renewal frame must be a JSON object' };
  const { seq, renewTime, leaseDurationSeconds, proxyRevision, ...unknown } = frame;
  const extra = Object.keys(unknown);
  if (extra.length > 0) return { ok: false, message: `unknown field "${extra[0]}" in renewal frame` };
  if (!isSeq(seq)) return { ok: false, message: 'seq must be a non-negative integer' };
  if (typeof renewTime !== 'string' || !MICRO_TIME.test(renewTime) || Number.isNaN(Date.parse(renewTime))) {
    return { ok: false, message: 'renewTime must be a MicroTime such as 2026-01-01T00:00:00.000000Z' };
  }
  if (!Number.isInteger(leaseDurationSeconds) || (leaseDurationSeconds as number) < 1) {
    return { ok: false, message: 'leaseDurationSeconds must be a positive integer' };
  }
  if (proxyRevision !== undefined && proxyRevision !== null && (typeof proxyRevision !== 'string' || !REVISION.test(proxyRevision))) {
    return { ok: false, message: 'proxyRevision must be a resourceVersion, null or absent' };
  }
  return { ok: true, value: { seq, renewTime, leaseDurationSeconds: leaseDurationSeconds as number, ...(proxyRevision !== undefined ? { proxyRevision } : {}) } };
}

export function parseRenewalAnswer(text: string): Parsed<RenewalAnswer> {
  const answer = parseObject(text);
  if (!answer || !isSeq(answer.seq)) return { ok: false, message: 'a renewal answer must be a JSON object with a seq' };
  if (typeof answer.resourceVersion === 'string') return { ok: true, value: { seq: answer.seq, resourceVersion: answer.resourceVersion } };
  const status = answer.status as Status | undefined;
  if (status && typeof status === 'object' && status.kind === 'Status' && typeof status.code === 'number') {
    return { ok: true, value: { seq: answer.seq, status } };
  }
  return { ok: false, message: 'a renewal answer carries a resourceVersion or a Status' };
}
