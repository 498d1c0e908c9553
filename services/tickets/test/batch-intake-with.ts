import type { INestApplication } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG } from '@threadline/service-runtime';
import { AcknowledgeNewTicket } from '../src/acknowledgements/acknowledge-new-ticket.usecase';
import type { TicketsConfig } from '../src/config';
import { AttachContact } from '../src/contact-intake/attach-contact.usecase';
import { AttachContacts } from '../src/contact-intake/attach-contacts.usecase';
import { CustomerRepository } from '../src/customers/customer.repository';
import { IdentifyCustomer } from '../src/customers/identify-customer';
import { TicketChanges } from '../src/tickets/ticket-changes';
import { TicketRepository } from '../src/tickets/ticket.repository';

/**
 * The running service's batch intake with some repositories swapped for wrapped ones (a race staged
 * at a chosen write, reads counted); the rest, and the threading policy, as the service has them.
 */
export function batchIntakeWith(
  app: INestApplication,
  repositories: { tickets?: TicketRepository; customers?: CustomerRepository },
  onRace: (stale: boolean, contacts: number) => void,
): AttachContacts {
  const config = app.get<TicketsConfig>(CONFIG);
  return new AttachContacts(
    {
      customers: repositories.customers ?? app.get(CustomerRepository),
      identify: app.get(IdentifyCustomer),
      tickets: repositories.tickets ?? app.get(TicketRepository),
      changes: app.get(TicketChanges),
      publisher: app.get(EventPublisher),
      acknowledge: app.get(AcknowledgeNewTicket),
      policy: { continuityMs: config.TICKETS_CONTINUITY_HOURS * 3600_000, reopenMs: config.TICKETS_REOPEN_DAYS * 86_400_000 },
    },
    app.get(AttachContact),
    onRace,
  );
}
