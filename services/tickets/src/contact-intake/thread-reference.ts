/** The `[#1042]` token our outbound subjects carry. Returns the ticket number, or null. */
export function ticketNumberFromSubject(subject: string | null): number | null {
  if (!subject) return null;
  const match = /\[#(\d{1,12})\]/.exec(subject);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** What the agent reads on a ticket whose contact named another ticket, not its writer's (numbers are easy to guess). */
export function unfollowedNote(number: number): string {
  return `Wiadomość podaje w temacie numer zgłoszenia #${number}, ale nadawca nie jest klientem tego zgłoszenia, więc nie została do niego dołączona.`;
}

/** A display name for a new customer from the identities a channel gave us. */
export function displayNameOf(identities: { kind: string; displayName?: string }[]): string | null {
  for (const identity of identities) {
    const name = identity.displayName?.trim();
    if (name) return name;
  }
  return null;
}
