import type { IHeaders } from 'kafkajs';

export const HEADER = {
  correlationId: 'x-correlation-id',
  eventType: 'event-type',
  eventId: 'event-id',
} as const;

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}
