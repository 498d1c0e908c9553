import { createEnvelope, deterministicEventId } from './envelope';
import { decodeEvent, InvalidEventError, validateEvent } from './validation';

const contact = {
  channel: 'email',
  providerMessageId: '<a1@example.pl>',
  from: [{ kind: 'email', value: 'jan@example.pl' }],
  recipient: 'bok@firma.pl',
  subject: 'Zażółć gęślą jaźń',
  text: 'treść',
  html: null,
  thread: {},
  receivedAt: '2026-11-20T10:00:00.000Z',
};

function envelope(payload: unknown, type = 'contact.received.v1', version = 1) {
  return createEnvelope({ type, version, source: 'test', workspaceId: 'ws1', key: 'k', payload });
}

describe('event validation', () => {
  it('accepts a valid contact and fills in defaults', () => {
    const event = validateEvent(envelope(contact));
    expect(event.type).toBe('contact.received.v1');
    expect(event.payload).toMatchObject({
      attachments: [],
      thread: { inReplyTo: null, references: [] },
      subject: 'Zażółć gęślą jaźń',
    });
  });

  it('names every bad field of the payload', () => {
    const bad = { ...contact, channel: 'fax', from: [{ kind: 'phone', value: '600 100 200' }] };
    expect(() => validateEvent(envelope(bad))).toThrow(/channel.*from\.0\.value: phone must be E\.164/s);
  });

  it('rejects unknown types and mismatched versions', () => {
    expect(() => validateEvent(envelope(contact, 'contact.deleted.v1'))).toThrow('unknown event type "contact.deleted.v1"');
    expect(() => validateEvent(envelope(contact, 'contact.received.v1', 2))).toThrow(/has version 1, envelope says 2/);
  });

  it('treats bytes that are not JSON as an invalid event, not a crash', () => {
    expect(() => decodeEvent(Buffer.from('{not json'))).toThrow(InvalidEventError);
    expect(() => decodeEvent(null)).toThrow('invalid event: empty message');
  });

  it('round-trips Polish text through bytes unchanged', () => {
    const bytes = Buffer.from(JSON.stringify(envelope(contact)), 'utf8');
    expect(decodeEvent(bytes).payload).toMatchObject({ subject: 'Zażółć gęślą jaźń' });
  });
});

describe('deterministic event ids', () => {
  it('are stable for the same parts, different otherwise, and valid UUIDs', () => {
    const a = deterministicEventId('ticket.created.v1', 't1');
    expect(a).toBe(deterministicEventId('ticket.created.v1', 't1'));
    expect(a).not.toBe(deterministicEventId('ticket.created.v1', 't2'));
    expect(() => validateEvent({ ...envelope(contact), id: a })).not.toThrow();
  });
});
