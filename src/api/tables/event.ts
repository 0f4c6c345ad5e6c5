/** core/v1 Event printer (printers.go printEvent, wide form). */
import type { KubeObject } from '../types.js';
import { col, nameCol } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', { wide: true }),
    col('Source', 'The component reporting this event. Should be a short machine understandable string.', { wide: true }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { wide: true }),
    col('Count', 'The number of times this event has occurred.', { wide: true }),
    { ...nameCol(), priority: 1 },
  ],
  cells: eventCells,
};

function eventCells(o: KubeObject, now: Date): unknown[] {
  const first = o.firstTimestamp ? since(o.firstTimestamp as string, now) : since(o.eventTime as string | undefined, now);
  let last = o.lastTimestamp ? since(o.lastTimestamp as string, now) : first;
  const series = o.series as { count?: number; lastObservedTime?: string } | undefined;
  let count = typeof o.count === 'number' ? o.count : 0;
  if (series) {
    last = since(series.lastObservedTime, now);
    count = series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the events.k8s.io API carry no count
  }
  const involved = (o.involvedObject ?? {}) as { kind?: string; name?: string; fieldPath?: string };
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  const source = (o.source ?? {}) as { component?: string; host?: string };
  const component = source.component || (o.reportingComponent as string | undefined) || '';
  const instance = source.host || (o.reportingInstance as string | undefined) || '';
  return [
    last,
    o.type ?? '',
    o.reason ?? '',
    target,
    involved.fieldPath ?? '',
    instance ? `${component}, ${instance}` : component,
    String(o.message ?? '').trim(),
    first,
    count,
    o.metadata.name ?? '',
  ];
}
