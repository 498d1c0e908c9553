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
