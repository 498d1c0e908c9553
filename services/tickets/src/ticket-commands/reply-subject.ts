/** The subject of an agent's reply by e-mail: the ticket's, marked as a reply once. */
export function replySubject(subject: string | null): string {
  if (!subject) return 'Odpowiedź / Reply';
  return /^(re|odp):/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** Our `[#N]` token keeps a reply on its ticket even when quoting headers are lost. */
export function withTicketToken(subject: string, number: number): string {
  return subject.includes(`[#${number}]`) ? subject : `${subject} [#${number}]`;
}
