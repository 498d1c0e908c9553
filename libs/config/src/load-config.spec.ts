import { z } from 'zod';
import { commonConfigSchema } from './common-schema';
import { ConfigError, loadConfig } from './load-config';

const valid = {
  HTTP_PORT: '3004',
  INTERNAL_HTTP_PORT: '3104',
  SERVICE_TOKEN_SECRET: 'x'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_tickets',
};

describe('loadConfig', () => {
  it('parses and types a valid environment', () => {
    const config = loadConfig('tickets', commonConfigSchema, valid);
    expect(config.HTTP_PORT).toBe(3004);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names each bad or missing setting in one error', () => {
    const env = { ...valid, HTTP_PORT: 'eighty', MONGO_URL: undefined };
    expect(() => loadConfig('tickets', commonConfigSchema, env)).toThrow(ConfigError);
    try {
      loadConfig('tickets', commonConfigSchema, env);
    } catch (error) {
      expect((error as ConfigError).message).toMatch(/^tickets: invalid configuration — /);
      expect((error as ConfigError).problems.join('\n')).toMatch(/HTTP_PORT: /);
      expect((error as ConfigError).problems.join('\n')).toMatch(/MONGO_URL is required/);
    }
  });

  it('never echoes a secret value back in the error', () => {
    const schema = commonConfigSchema.extend({ JWT_SECRET: z.string().min(32) });
    expect(() => loadConfig('gateway', schema, { ...valid, JWT_SECRET: 'hunter2' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig('gateway', schema, { ...valid, JWT_SECRET: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('opens the internal listener on loopback unless told otherwise, and needs a long service token secret', () => {
    const config = loadConfig('tickets', commonConfigSchema, valid);
    expect(config).toMatchObject({ INTERNAL_HTTP_PORT: 3104, INTERNAL_HTTP_HOST: '127.0.0.1' });
    const { SERVICE_TOKEN_SECRET: _unset, ...missing } = valid;
    expect(() => loadConfig('tickets', commonConfigSchema, missing)).toThrow(/SERVICE_TOKEN_SECRET is required/);
    expect(() => loadConfig('tickets', commonConfigSchema, { ...valid, SERVICE_TOKEN_SECRET: 'short-secret' })).toThrow(
      /SERVICE_TOKEN_SECRET: must be at least 32 characters/,
    );
    expect(() => loadConfig('tickets', commonConfigSchema, { ...valid, SERVICE_TOKEN_SECRET: 'short-secret' })).not.toThrow(
      /short-secret/,
    );
  });

  it('rejects a malformed broker list', () => {
    expect(() => loadConfig('x', commonConfigSchema, { ...valid, KAFKA_BROKERS: 'localhost' })).toThrow(
      /KAFKA_BROKERS: expected host:port/,
    );
  });
});
