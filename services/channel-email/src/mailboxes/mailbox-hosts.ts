import { BadRequestException } from '@nestjs/common';
import type { AdminGivenHosts } from '@threadline/resilience';

/**
 * An admin's mailbox must not point the service inside (the store, the bus,
 * cloud metadata): its IMAP and SMTP hosts are resolved and refused with 400
 * when internal and not allowed (and again on every connection), and the answer is the same for every such
 * host, so it tells nothing about what listens there.
 */
export async function refuseInternalHosts(
  hosts: AdminGivenHosts,
  input: { host?: string; smtp?: { host: string } | null },
): Promise<void> {
  const errors: { field: string; reason: string }[] = [];
  for (const [field, host] of [
    ['host', input.host],
    ['smtp.host', input.smtp?.host],
  ] as const) {
    if (!host) continue;
    const checked = await hosts.check(host);
    // A name that does not resolve yet is taken: the sync checks again each time it connects.
    if (!checked.ok && checked.why === 'internal') errors.push({ field, reason: checked.reason });
  }
  if (errors.length > 0) throw new BadRequestException({ code: 'INVALID_INPUT', errors });
}
