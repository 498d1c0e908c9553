import type { CustomerDoc } from '../customers/customer.schema';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { channelRecordsOf, planErasure } from './erasure-plan';

// The identities and merged records as the links say (the record's own cache holds fewer: it is not read).
const customer = {
  customer: {
    _id: 'c-1',
    workspaceId: 'ws',
    name: 'Bożena Zięba',
    identities: [{ kind: 'email', value: 'bozena@example.pl' }],
    mergedFrom: [],
  } as unknown as CustomerDoc,
  identities: [
    { kind: 'email', value: 'bozena@example.pl' },
    { kind: 'messenger', value: 'psid-1', pageId: 'page-1' },
  ],
  mergedIds: ['c-0'],
};

function entry(overrides: Partial<TimelineEntryDoc>): TimelineEntryDoc {
  return {
    _id: `e-${Math.random()}`,
    workspaceId: 'ws',
    ticketId: 't-1',
    kind: 'message',
    occurredAt: new Date(),
    recordedAt: new Date(),
    authorId: null,
    ...overrides,
  };
}

describe('planErasure', () => {
  const entries = [
    entry({
      channel: 'email',
      attachments: [{ ref: 'attachment:abc', filename: 'faktura.pdf', contentType: 'application/pdf', size: 1, inline: false }],
    }),
    entry({ channel: 'voice' }),
    entry({ channel: 'messenger' }),
    entry({ kind: 'note', text: 'oddzwonić' }),
    entry({ kind: 'change', action: 'status' }),
  ];
  const plan = planErasure(customer, [{ _id: 't-1' } as TicketDoc], entries);

  it('counts what goes and names the files to delete', () => {
    expect(plan).toMatchObject({ tickets: 1, messages: 3, notes: 1, calls: 1, attachmentRefs: ['attachment:abc'] });
  });

  it('destroys the keys of every identity and of the customer’s ids, merged records included', () => {
    expect(plan.subjects).toEqual([
      'identity:email::bozena@example.pl',
      'identity:messenger:page-1:psid-1',
      'customer:c-1',
      'customer:c-0',
    ]);
  });

  it('lists the provider copies we cannot reach, by the channels used', () => {
    expect(plan.providerCopies.map((c) => c.provider)).toEqual(['mail server', 'Twilio', 'Meta']);
  });
});

describe('channelRecordsOf', () => {
  it('names the calls and chats by provider id and the answers by our id, nothing else', () => {
    const records = channelRecordsOf([
      entry({ channel: 'voice', direction: 'inbound', providerMessageId: 'CA1' }),
      entry({ channel: 'chat', direction: 'inbound', providerMessageId: 'cs_x:m1' }),
      entry({ channel: 'email', direction: 'inbound', providerMessageId: '<bozena@example.pl>' }),
      entry({ _id: 'out-1', channel: 'messenger', direction: 'outbound', providerMessageId: 'mid.1' }),
      entry({ channel: 'voice', direction: 'inbound', providerMessageId: 'erased' }),
      entry({ kind: 'note', text: 'oddzwonić' }),
    ]);
    expect(records).toEqual({
      contactRefs: [
        { channel: 'voice', providerMessageId: 'CA1' },
        { channel: 'chat', providerMessageId: 'cs_x:m1' },
      ],
      outboundMessageIds: ['out-1'],
    });
  });
});
