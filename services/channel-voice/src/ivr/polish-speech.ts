/** Polish wording of numbers of minutes and seconds, for TwiML <Say> and contact summaries. */

/** "1 minuta", "2 minuty", "5 minut" (and "12–14 minut"): Polish plural forms. */
export function plural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  const lastTwo = n % 100;
  const last = n % 10;
  return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? few : many;
}

/** The expected wait after "około" (genitive): "około 1 minuty", "około 3 minut". */
export function expectedWaitPhrase(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `około ${minutes} ${minutes === 1 ? 'minuty' : 'minut'}`;
}

/** Short duration for summaries: "35 s", "4 min 10 s", "1 h 5 min". */
export function shortDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return rest > 0 ? `${m} min ${rest} s` : `${m} min`;
}
