/**
 * Where integration tests get Kafka, the store and IMAP from:
 * - "local" (default): servers started on this machine by scripts/infra.sh,
 *   found through KAFKA_BROKERS, MONGO_URL and IMAP_* (scripts/test.sh sets them);
 * - "docker": testcontainers with the official images, for machines with a
 *   Docker engine. Chosen with THREADLINE_TEST_INFRA=docker.
 */
export type InfraMode = 'local' | 'docker';

export function selectInfraMode(env: Record<string, string | undefined>, dockerAvailable: () => boolean): InfraMode {
  const asked = (env.THREADLINE_TEST_INFRA ?? 'local').trim().toLowerCase();
  if (asked === 'local') {
    const missing = ['KAFKA_BROKERS', 'MONGO_URL', 'IMAP_HOST', 'IMAP_PORT', 'IMAP_PASSWORD'].filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(
        `local test infrastructure not configured (${missing.join(', ')} unset): run the tests with "npm test", ` +
          'which starts it, or set THREADLINE_TEST_INFRA=docker on a machine with Docker',
      );
    }
    return 'local';
  }
  if (asked === 'docker') {
    if (!dockerAvailable()) throw new Error('THREADLINE_TEST_INFRA=docker but no Docker engine answers');
    return 'docker';
  }
  throw new Error(`THREADLINE_TEST_INFRA must be "local" or "docker", not "${asked}"`);
}
