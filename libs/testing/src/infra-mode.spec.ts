import { selectInfraMode } from './infra-mode';

const localEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1/',
  IMAP_HOST: '127.0.0.1',
  IMAP_PORT: '1143',
  IMAP_PASSWORD: 'x',
};

describe('selectInfraMode', () => {
  it('uses the local servers by default when they are configured', () => {
    expect(selectInfraMode(localEnv, () => true)).toBe('local');
  });

  it('explains how to start local infra when it is not configured', () => {
    expect(() => selectInfraMode({}, () => false)).toThrow(/KAFKA_BROKERS, MONGO_URL.*npm test/);
  });

  it('uses testcontainers only when asked and Docker answers', () => {
    expect(selectInfraMode({ THREADLINE_TEST_INFRA: 'docker' }, () => true)).toBe('docker');
    expect(() => selectInfraMode({ THREADLINE_TEST_INFRA: 'docker' }, () => false)).toThrow(/no Docker engine/);
  });

  it('rejects an unknown mode', () => {
    expect(() => selectInfraMode({ THREADLINE_TEST_INFRA: 'cloud' }, () => true)).toThrow(/"local" or "docker"/);
  });
});
