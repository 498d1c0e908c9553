import { randomBytes } from 'node:crypto';

/** Connection facts for the running test infrastructure (set by scripts/test.sh or the docker path). */
export function testInfra() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run integration tests with "npm test"`);
    return value;
  };
  return {
    kafkaBrokers: need('KAFKA_BROKERS'),
    mongoUrl: need('MONGO_URL'),
    imap: { host: need('IMAP_HOST'), port: Number(need('IMAP_PORT')), password: need('IMAP_PASSWORD') },
  };
}

/**
 * The test SMTP server (scripts/test.sh's Postfix, or the Docker path's, which
 * delivers every mail into the test IMAP server). Separate from testInfra: only
 * tests that send mail need one.
 */
export function testSmtp(): { host: string; port: number } {
  const host = process.env.SMTP_HOST;
  const port = process.env.SMTP_PORT;
  if (!host || !port) throw new Error('SMTP_HOST and SMTP_PORT are not set: run the mail tests with "npm test"');
  return { host, port: Number(port) };
}

/** A short random suffix so each test gets its own database, group, workspace and mailbox. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Environment every service needs, pointed at the test infrastructure with a fresh database. */
export interface CommonTestEnv extends Record<string, string> {
  HTTP_PORT: string;
  HTTP_HOST: string;
  INTERNAL_HTTP_PORT: string;
  INTERNAL_HTTP_HOST: string;
  SERVICE_TOKEN_SECRET: string;
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  MONGO_DATABASE: string;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: string;
  STORE_SECRETS_KEY: string;
}

/** One key per test process: what one service instance sealed, another (a restart, a second instance) opens. */
const storeSecretsKey = randomBytes(32).toString('base64');
/**
 * One master key per test process, as on a platform: what a channel sealed, tickets and reporting open.
 * Not in every service's environment: tests that read the bus raw (EventProbe) expect clear events; a test
 * about sealing sets PERSONAL_DATA_MASTER_KEY itself.
 */
export const personalDataMasterKey = randomBytes(32).toString('base64');
/** One for every service of the test process, as on a platform: the gateway's tokens open the others' internal APIs. */
const serviceTokenSecret = randomBytes(32).toString('base64url');

export function commonTestEnv(service: string): CommonTestEnv {
  const infra = testInfra();
  return {
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INTERNAL_HTTP_PORT: '0',
    INTERNAL_HTTP_HOST: '127.0.0.1',
    SERVICE_TOKEN_SECRET: serviceTokenSecret,
    KAFKA_BROKERS: infra.kafkaBrokers,
    MONGO_URL: infra.mongoUrl,
    MONGO_DATABASE: uniqueName(`t_${service.replace(/-/g, '_')}`),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_TIMEOUT_MS: '10000',
    STORE_SECRETS_KEY: storeSecretsKey,
    // The test Dovecot and Postfix listen on this machine: mailboxes may point here.
    ...(service === 'channel-email'
      ? { EMAIL_ALLOWED_INTERNAL_HOSTS: [...new Set([infra.imap.host, process.env.SMTP_HOST ?? infra.imap.host])].join(',') }
      : {}),
  };
}

/** The gateway's environment in tests: the common one with a secret to sign agents' tokens (tests sign their own too). */
export function gatewayTestEnv() {
  return { ...commonTestEnv('gateway'), JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256!' };
}
