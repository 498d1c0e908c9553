/**
 * Adds counter documents up: numbers are summed field by field (nested
 * too), except fields named `max`, which keep the largest. Identity fields
 * (strings) are left out.
 */
export type Counters = { [field: string]: number | Counters };

export function sumCounters(documents: readonly Record<string, unknown>[]): Counters {
  const total: Counters = {};
  for (const document of documents) addInto(total, document);
  return total;
}

function addInto(total: Counters, add: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(add)) {
    if (typeof value === 'number') {
      const current = typeof total[field] === 'number' ? (total[field] as number) : 0;
      total[field] = field === 'max' ? Math.max(current, value) : current + value;
    } else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const nested = (typeof total[field] === 'object' ? total[field] : (total[field] = {})) as Counters;
      addInto(nested, value as Record<string, unknown>);
    }
  }
}

export function numberAt(counters: Counters | undefined, path: string): number {
  let at: number | Counters | undefined = counters;
  for (const part of path.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return typeof at === 'number' ? at : 0;
}

export function nestedAt(counters: Counters | undefined, path: string): Counters {
  let at: number | Counters | undefined = counters;
  for (const part of path.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return typeof at === 'object' ? at : {};
}

/** A share rounded to 4 places; null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
