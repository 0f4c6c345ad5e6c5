/** Deployment conditions (Available, Progressing, and Tugboat's RolledBack), pure. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}

/**
 * Sets a condition, keeping lastTransitionTime when the status does not change and
 * lastUpdateTime when nothing changes at all (so a steady state writes nothing).
 */
export function setCondition(conditions: Condition[], next: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>, now: string): Condition[] {
  const current = findCondition(conditions, next.type);
  const rest = conditions.filter((c) => c.type !== next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) {
    return conditions;
  }
  const transition = !current || current.status !== next.status ? now : current.lastTransitionTime;
  return [...rest, { ...next, lastUpdateTime: now, lastTransitionTime: transition }];
}

export function removeCondition(conditions: Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}
