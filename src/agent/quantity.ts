/** Kubernetes resource quantities the agent turns into runtime limits: "500m" CPU, "128Mi" memory. */
import { parseQuantity } from '../api/schema/common/quantity.js';

export { parseQuantity };

export function cpuMillis(q: string | undefined): number | undefined {
  const v = q === undefined ? undefined : parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(v * 1000);
}

export function memoryBytes(q: string | undefined): number | undefined {
  const v = q === undefined ? undefined : parseQuantity(q);
  return v === undefined ? undefined : Math.floor(v);
}
