import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(maskPii?: boolean) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('spec', 'info', destination, { maskPii }), lines };
}

it('masks customers’ e-mail addresses and phone numbers in fields, nested objects, messages and errors', () => {
  const { logger, lines } = capture();
  logger.child({ customer: 'Jan.Kowalski@example.pl' }).info(
    {
      from: [{ kind: 'phone', value: '+48601222333' }],
      contact: { email: 'anna@sklep.com.pl' },
      err: new Error('550 no such user ola@firma.pl'),
    },
    'mail from zofia.nowak@poczta.onet.pl, call back on +48 22 123 45 67',
  );
  const line = lines.join('');
  for (const pii of ['Jan.Kowalski@example.pl', '+48601222333', 'anna@sklep.com.pl', 'ola@firma.pl', 'zofia.nowak', '123 45 67'])
    expect(line).not.toContain(pii);
  const entry = JSON.parse(line) as Record<string, unknown>;
  expect(entry).toMatchObject({
    customer: 'J***@example.pl',
    from: [{ kind: 'phone', value: '+48******333' }],
    contact: { email: 'a***@sklep.com.pl' },
    err: { message: '550 no such user o***@firma.pl' },
    msg: 'mail from z***@poczta.onet.pl, call back on +48******567',
  });
});

it('leaves times, ids and counts alone, and shows everything when masking is switched off', () => {
  const masked = capture();
  masked.logger.info({ at: '2026-12-06T09:00:00.000+01:00', uid: 1234567, ticket: '#1042' }, 'synced 25 mails');
  expect(JSON.parse(masked.lines[0])).toMatchObject({ at: '2026-12-06T09:00:00.000+01:00', uid: 1234567, ticket: '#1042' });

  const plain = capture(false);
  plain.logger.info({ email: 'jan@example.pl' }, 'as written');
  expect(JSON.parse(plain.lines[0])).toMatchObject({ email: 'jan@example.pl' });
});

it('masks chat visitors’ ids, Messenger PSIDs and Slack user ids, as fields, as identities and in text', () => {
  const { logger, lines } = capture();
  logger.warn(
    {
      from: [
        { kind: 'messenger', value: 'psid-7a1b', pageId: 'page-1' },
        { kind: 'slack', teamId: 'T01', value: 'UX7A1B2C3D' },
        { value: 'visitor-7a1b', kind: 'chat' },
      ],
      visitorKey: 'v-9f8e7d',
      psid: '7312456789012345',
      err: new Error('Graph API: no user 7312456789012346; Slack: user_not_found W0ABCDEF12'),
    },
    'reply to UQWERTY123 failed',
  );
  const line = lines.join('');
  for (const id of [
    'psid-7a1b',
    'UX7A1B2C3D',
    'visitor-7a1b',
    'v-9f8e7d',
    '7312456789012345',
    '7312456789012346',
    'W0ABCDEF12',
    'UQWERTY123',
  ])
    expect(line).not.toContain(id);
  expect(JSON.parse(line)).toMatchObject({
    from: [
      { kind: 'messenger', value: 'p***', pageId: 'page-1' },
      { kind: 'slack', teamId: 'T01', value: 'U***' },
      { kind: 'chat', value: 'v***' },
    ],
    visitorKey: 'v***',
    psid: '7***',
    msg: 'reply to U*** failed',
  });
});

it('leaves capitalised words that are no Slack id readable', () => {
  const { logger, lines } = capture();
  logger.warn({ uidValidity: '1796694299' }, 'UIDVALIDITY changed; WORKSPACES resynced');
  expect(JSON.parse(lines[0])).toMatchObject({ msg: 'UIDVALIDITY changed; WORKSPACES resynced' });
});
