import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurity } from './client';

it('adds nothing for the local broker', () => {
  expect(kafkaSecurity({ KAFKA_SSL: false })).toEqual({});
});

it('trusts the CA from KAFKA_SSL_CA_FILE and logs in with SASL', () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  expect(
    kafkaSecurity({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'threadline',
      KAFKA_SASL_PASSWORD: 'sekret',
    }),
  ).toEqual({
    ssl: { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] },
    sasl: { mechanism: 'scram-sha-256', username: 'threadline', password: 'sekret' },
  });
  expect(kafkaSecurity({ KAFKA_SSL: true })).toEqual({ ssl: true });
});

it('refuses half a setting at start rather than failing on the first connection', () => {
  expect(() => kafkaSecurity({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toThrow(
    'KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
  );
  expect(() => kafkaSecurity({ KAFKA_SSL: false, KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' })).toThrow(/KAFKA_SSL is not true/);
});
