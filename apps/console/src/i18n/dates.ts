import type { Language } from './translate';

/** The workspace's zone: the API has no per-workspace zone yet, and every workspace today is in Poland. */
export const WORKSPACE_TIME_ZONE = 'Europe/Warsaw';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time as the office reads it: in the workspace's zone, in the agent's language. */
export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const key = language;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language === 'pl' ? 'pl-PL' : 'en-GB', {
      timeZone: WORKSPACE_TIME_ZONE,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
