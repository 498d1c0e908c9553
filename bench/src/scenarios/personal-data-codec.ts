// The CPU cost of crypto-shredding on the contact path, on one core: sealing a contact's personal
// fields (publisher) and opening them again (consumer), with the subjects' keys already looked up
// (each process caches them; a key costs one store read per sender per 30 s). Beside it, the work
// every contact costs anyway without the codec: validating, serialising and parsing its envelope.
// Goal: under 10% of the contact throughput (the tickets service attaches 13–18 contacts/s here).
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createEnvelope,
  parseEventJson,
  PersonalDataCodec,
  validateEvent,
  type SubjectKeyRing,
  type TypedEnvelope,
} from '@threadline/contracts';
import { intFromEnv } from '../env';
import { report } from '../report';

const seconds = intFromEnv('BENCH_SECONDS', 5);
const senders = 200;
/** The tickets service's contact intake measured by contact-to-ticket on this machine (backlog, contacts/s). */
const intakePerSecond = Number(process.env.BENCH_INTAKE_RATE ?? 15);

class WarmKeyRing implements SubjectKeyRing {
  private readonly bySubject = new Map<string, { id: string; key: Buffer }>();
  private readonly byId = new Map<string, Buffer>();
  async keyFor(workspaceId: string, subject: string) {
    const name = `${workspaceId}/${subject}`;
    let found = this.bySubject.get(name);
    if (!found) {
      found = { id: randomUUID(), key: randomBytes(32) };
      this.bySubject.set(name, found);
      this.byId.set(found.id, found.key);
    }
    return found;
  }
  async keyById(_workspaceId: string, id: string) {
    return this.byId.get(id) ?? null;
  }
}

function contact(i: number): TypedEnvelope {
  const email = `klient.${i % senders}@example.pl`;
  return validateEvent(
    createEnvelope({
      type: 'contact.received.v1',
      version: 1,
      source: 'bench',
      workspaceId: 'ws-bench',
      key: email,
      payload: {
        channel: 'email',
        providerMessageId: `<${randomUUID()}@example.pl>`,
        from: [{ kind: 'email', value: email, displayName: 'Małgorzata Wiśniewska' }],
        recipient: 'bok@firma.pl',
        subject: 'Reklamacja zamówienia — brak przesyłki',
        text: 'Dzień dobry, zamówienie nie dotarło. Proszę o pomoc. Zażółć gęślą jaźń. '.repeat(20),
        html: null,
        attachments: [],
        thread: {},
        receivedAt: new Date().toISOString(),
      },
    }),
  );
}

async function perSecondFor(work: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < until) for (let k = 0; k < 100; k++) await work(n++);
  return Math.round(n / seconds);
}

async function main() {
  const codec = new PersonalDataCodec(new WarmKeyRing());
  const events = Array.from({ length: 1000 }, (_, i) => contact(i));
  for (const e of events) await codec.seal(e); // keys created: the warm path is measured
  const plain = await perSecondFor((i) => {
    const wire = Buffer.from(JSON.stringify(validateEvent(events[i % events.length])));
    return validateEvent(parseEventJson(wire));
  });
  const sealed = await perSecondFor(async (i) => {
    const wire = Buffer.from(JSON.stringify(await codec.seal(validateEvent(events[i % events.length]))));
    return validateEvent(await codec.open(parseEventJson(wire)));
  });
  const codecMicros = 1e6 / sealed - 1e6 / plain;
  const shareOfIntake = (codecMicros / 1e6) * intakePerSecond * 100;
  report(
    'personal-data-codec',
    { seconds, senders, textChars: events[0].payload && JSON.stringify(events[0].payload).length, intakePerSecond },
    [
      { name: 'contacts published and consumed, sealed (seal + open)', value: sealed, unit: 'contacts/s', kind: 'result' },
      { name: 'codec cost per contact', value: Math.round(codecMicros), unit: 'µs', kind: 'result' },
      { name: 'share of one core at the intake rate', value: Number(shareOfIntake.toFixed(3)), unit: '%', kind: 'result' },
      { name: 'contacts published and consumed, plain (validate + JSON)', value: plain, unit: 'contacts/s', kind: 'limit' },
    ],
    [shareOfIntake < 10 ? 'goal met: under 10% of the contact throughput' : 'goal missed: 10% or more of the contact throughput'],
  );
}

void main();
