import type { SlaTarget, SlaWarningV1, SlaBreachedV1 } from '@threadline/contracts';

const WHAT: Record<SlaTarget, string> = {
  firstResponse: 'pierwszą odpowiedź',
  nextResponse: 'kolejną odpowiedź',
  resolution: 'rozwiązanie',
};

const warsawTime = new Intl.DateTimeFormat('pl-PL', {
  timeZone: 'Europe/Warsaw',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** The timeline's line for an SLA warning or breach, in Polish, the due moment in Warsaw time. */
export function slaLine(kind: 'warning' | 'breached', event: SlaWarningV1 | SlaBreachedV1): string {
  const due = warsawTime.format(new Date(event.dueAt));
  const policy = `polityka „${event.policyName}”`;
  if (kind === 'warning') {
    const share = Math.round(('share' in event ? event.share : 0.75) * 100);
    return `SLA: minęło ${share}% czasu na ${WHAT[event.target]}, termin ${due} (${policy})`;
  }
  return `SLA przekroczone: termin na ${WHAT[event.target]} minął ${due} (${policy})`;
}
