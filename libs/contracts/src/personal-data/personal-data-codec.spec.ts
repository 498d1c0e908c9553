import { randomBytes, randomUUID } from 'node:crypto';
import { createEnvelope } from '../envelope';
import { validateEvent, type TypedEnvelope } from '../validation';
import { PersonalDataCodec, type SubjectKeyRing } from './personal-data-codec';
import { ERASED_IDENTITY, ERASED_TEXT, identitySubject } from './personal-fields';

/** The store's key ring in memory: enough to see what sealing and erasure do to an event. */
class MemoryKeyRing implements SubjectKeyRing {
  readonly keys = new Map<string, { id: string; key: Buffer }>();
  async keyFor(workspaceId: string, subject: string) {
    const name = `${workspaceId}/${subject}`;
    if (!this.keys.has(name)) this.keys.set(name, { id: randomUUID(), key: randomBytes(32) });
    return this.keys.get(name)!;
  }
  async keyById(_workspaceId: string, id: string) {
    return [...this.keys.values()].find((k) => k.id === id)?.key ?? null;
  }
  destroy(workspaceId: string, subject: string) {
    this.keys.delete(`${workspaceId}/${subject}`);
  }
}

const sender = { kind: 'email' as const, value: 'zofia.wisniewska@example.pl', displayName: 'Zofia Wiśniewska' };

function contact(): TypedEnvelope {
  return validateEvent(
    createEnvelope({
      type: 'contact.received.v1',
      version: 1,
      source: 'channel-email',
      workspaceId: 'ws-1',
      key: sender.value,
      payload: {
        channel: 'email',
        providerMessageId: '<abc@example.pl>',
        from: [sender],
        recipient: 'bok@firma.pl',
        subject: 'Reklamacja zamówienia',
        text: 'Proszę o zwrot pieniędzy za żółty czajnik.',
        html: null,
        attachments: [{ ref: 'att/1', filename: 'paragon.pdf', contentType: 'application/pdf', size: 1234 }],
        thread: {},
        receivedAt: new Date().toISOString(),
      },
    }),
  );
}

describe('PersonalDataCodec', () => {
  it('puts nothing personal on the wire and restores the event while the key exists', async () => {
    const keys = new MemoryKeyRing();
    const codec = new PersonalDataCodec(keys);
    const event = contact();
    const wire = JSON.stringify(await codec.seal(event));
    for (const secret of ['zofia', 'Wiśniewska', 'czajnik', 'Reklamacja', 'paragon']) expect(wire).not.toContain(secret);
    // The partition key no longer names the sender: it is the key's id, the same for all their contacts.
    const [{ id }] = [...keys.keys.values()];
    expect(validateEvent(await codec.open(JSON.parse(wire)))).toEqual({ ...event, key: id });
  });

  it('reads an erased subject’s event as an erased customer, still a valid event', async () => {
    const keys = new MemoryKeyRing();
    const codec = new PersonalDataCodec(keys);
    const wire = JSON.parse(JSON.stringify(await codec.seal(contact())));
    keys.destroy('ws-1', identitySubject(sender));
    const opened = validateEvent(await codec.open(wire)) as TypedEnvelope<'contact.received.v1'>;
    expect(opened.payload.from).toEqual([ERASED_IDENTITY]);
    expect(opened.payload.text).toBe(ERASED_TEXT);
    expect(opened.payload.attachments).toEqual([expect.objectContaining({ filename: null, size: 1234 })]);
  });

  it('does not open with the key a subject gets after erasure', async () => {
    const keys = new MemoryKeyRing();
    const codec = new PersonalDataCodec(keys);
    const wire = JSON.parse(JSON.stringify(await codec.seal(contact())));
    keys.destroy('ws-1', identitySubject(sender));
    await keys.keyFor('ws-1', identitySubject(sender));
    // A new key has a new id: the old event names a key that is gone.
    const opened = (await codec.open(wire)) as TypedEnvelope<'contact.received.v1'>;
    expect(opened.payload.text).toBe(ERASED_TEXT);
  });

  it('passes events without personal fields and unsealed ones through unchanged', async () => {
    const codec = new PersonalDataCodec(new MemoryKeyRing());
    const event = contact();
    expect(await codec.open(event)).toBe(event);
  });
});
