/**
 * Kubernetes resource quantities ("100m", "1", "128Mi", "1G", "1e3").
 * `parseQuantity` turns one into a number of base units (cores, bytes), or undefined
 * when the text is not a quantity, so validation can report it as a field error.
 */
import { z } from 'zod';

// Binary suffixes are powers of 1024, decimal ones powers of 1000; "m" is milli.
const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

// Same grammar as apimachinery's resource.ParseQuantity: sign, digits, optional fraction,
// then a suffix or a decimal exponent.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const m = QUANTITY.exec(text.trim() === text ? text : '');
  if (!m) return undefined;
  const value = Number(m[1]);
  const suffix = m[2] ?? '';
  if (/^[eE]/.test(suffix)) return value * 10 ** Number(suffix.slice(1));
  return value * SUFFIX[suffix];
}

/** A quantity as it appears in JSON: usually a string, sometimes a bare number. */
export const Quantity = z.union([z.string(), z.number()]);
export type Quantity = z.infer<typeof Quantity>;

export const ResourceList = z.record(z.string(), Quantity);
export type ResourceList = z.infer<typeof ResourceList>;
