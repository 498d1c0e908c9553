// The Docker path cannot run on this machine (no Docker engine), so it is kept
// true by reading it: docker-compose.yml starts the bootstrap, the demo's IMAP
// and SMTP servers and health-checked services, and THREADLINE_TEST_INFRA=docker
// (libs/testing/src/docker-infra.ts) starts the same servers from that file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_CATALOG } from '@threadline/config';
import { composeServers } from '../../libs/testing/src/docker-infra';

const root = join(__dirname, '..', '..');
interface ComposeService {
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dovecotConf = readFileSync(join(root, 'infra', 'docker', 'dovecot.conf'), 'utf8');
/** The port of a Dovecot `inet_listener <name> { port = N }` in the mounted configuration. */
const listenerPort = (name: string) => Number(new RegExp(`inet_listener ${name} \\{\\s*port = (\\d+)`).exec(dovecotConf)?.[1]);

it('health-checks every service on /health/ready and starts it once Kafka and the store are healthy', () => {
  for (const { name } of SERVICE_CATALOG) {
    const service = compose.services[name];
    expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
    expect(service.depends_on).toMatchObject({
      kafka: { condition: 'service_healthy' },
      mongo: { condition: 'service_healthy' },
    });
  }
});

it('serves the demo mailboxes: Dovecot on IMAP, Postfix delivering every mail to it over LMTP', () => {
  const { imap, smtp } = compose.services;
  expect(imap.volumes).toContain('./infra/docker/dovecot.conf:/etc/dovecot/dovecot.conf:ro');
  // The password is the user's, never a default in the file.
  expect(String(imap.environment?.USER_PASSWORD)).toMatch(/^\$\{DEMO_MAIL_PASSWORD:\?/);
  expect(dovecotConf).toMatch(/password=%\{env:USER_PASSWORD\}/);
  expect(dovecotConf).toMatch(/import_environment = USER_PASSWORD/);
  expect(imap.ports).toEqual([`127.0.0.1:1143:${listenerPort('imap')}`]);
  const lmtp = `lmtp:inet:imap:${listenerPort('lmtp')}`;
  expect(smtp.environment?.POSTFIX_default_transport).toBe(lmtp);
  expect(smtp.environment?.POSTFIX_relay_transport).toBe(lmtp);
  expect(smtp.environment?.POSTFIX_relayhost).toBe(''); // it never relays anywhere else
  expect(smtp.depends_on).toEqual({ imap: { condition: 'service_healthy' } });
  // Published on this machine only.
  for (const port of [...(imap.ports ?? []), ...(smtp.ports ?? [])]) expect(port).toMatch(/^127\.0\.0\.1:/);
  expect(compose.volumes).toHaveProperty('demo-mail');
});

it('lets channel-email reach the demo mail servers, which sit on the compose network', () => {
  const allowed = String(compose.services['channel-email'].environment?.EMAIL_ALLOWED_INTERNAL_HOSTS);
  expect(allowed).toBe('${EMAIL_ALLOWED_INTERNAL_HOSTS:-imap,smtp}');
});

it('gives THREADLINE_TEST_INFRA=docker the same servers as docker-compose.yml', () => {
  const servers = composeServers();
  expect(servers.kafka).toBe(compose.services.kafka.image);
  expect(servers.mongo).toBe(compose.services.mongo.image);
  expect(servers.imap.image).toBe(compose.services.imap.image);
  expect(servers.imap.config).toEqual({
    source: join(root, 'infra', 'docker', 'dovecot.conf'),
    target: '/etc/dovecot/dovecot.conf',
  });
  expect(servers.smtp.image).toBe(compose.services.smtp.image);
  expect(servers.smtp.environment.POSTFIX_default_transport).toBe(compose.services.smtp.environment?.POSTFIX_default_transport);
});
