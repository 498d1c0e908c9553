/** The `[#1042]` token our outbound subjects carry. Returns the ticket number, or null. */
export function ticketNumberFromSubject(subject: string | null): number | null {
  if (!subject) return null;
  const match = /\[#(\d{1,12})\]/.exec(subject);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A display name for a new customer from the identities a channel gave us. */
export function displayNameOf(identities: { kind: string; displayName?: string }[]): string | null {
  for (const identity of identities) {
    const name = identity.displayName?.trim();
    if (name) return name;
  }
  return null;
}
