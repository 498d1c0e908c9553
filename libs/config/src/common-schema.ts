import { z } from 'zod';
import { kafkaConnectionSchema } from './kafka-schema';

const port = z.coerce.number().int().min(1).max(65535);
/** 0 asks the OS for a free port (tests). */
const listenPort = z.coerce.number().int().min(0).max(65535);

const brokerList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'expected host:port[,host:port…]');

/**
 * SERVICE_TOKEN_SECRET: the HMAC key of the short-lived tokens one service
 * gives another's internal API (the gateway for an agent, a service for
 * itself). The same on every service; 32+ random characters, never defaulted.
 */
export const serviceTokenSecretSchema = z
  .string({ error: 'required: 32+ random characters (openssl rand -base64 32)' })
  .min(32, 'must be at least 32 characters (openssl rand -base64 32)');

/** 32 random bytes in base64 (openssl rand -base64 32), as a Buffer. */
const base64Key32 = z.string({ error: 'required: 32 random bytes, base64 (openssl rand -base64 32)' }).transform((value, ctx) => {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: `must be 32 bytes in base64 (openssl rand -base64 32); got ${key.length} bytes` });
    return z.NEVER;
  }
  return key;
});

/** Settings every service has. Services extend this with their own. */
export const commonConfigSchema = z.object({
  /** The public listener: webhooks, widget, chat socket, /health, /metrics (the gateway: the agent API). */
  HTTP_PORT: listenPort,
  /** 0.0.0.0 in containers; the embedded platform binds loopback. */
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** The internal listener: every internal/v1/… route, each call with a service token. Never published. */
  INTERNAL_HTTP_PORT: listenPort,
  /** Loopback unless a deployment lets other pods in (0.0.0.0 in containers, behind a NetworkPolicy in k8s). */
  INTERNAL_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SERVICE_TOKEN_SECRET: serviceTokenSecretSchema,
  KAFKA_BROKERS: brokerList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  ...kafkaConnectionSchema,
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL'),
  /** Database name; each service owns its own database on the shared server. */
  MONGO_DATABASE: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long shutdown may take to finish in-flight work before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /** How often the consumer host measures its groups' lag per partition for /metrics. */
  CONSUMER_LAG_INTERVAL_MS: z.coerce.number().int().min(1000).default(15000),
  /**
   * Wraps the per-customer keys that seal personal data in events (crypto-shredding, see
   * docs/personal-data.md). The same on every service. Unset: events carry personal data in clear.
   */
  PERSONAL_DATA_MASTER_KEY: base64Key32.optional(),
  /** An OTLP/HTTP collector (e.g. http://otel-collector:4318): traces are exported there; unset, none are recorded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The service name on exported traces; the service's own name by default. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});
export type CommonConfig = z.infer<typeof commonConfigSchema>;

export { port as portSchema };

/**
 * STORE_SECRETS_KEY for services that keep secrets in the store (mailbox
 * passwords, provider tokens): 32 random bytes, base64 (openssl rand -base64 32).
 * Never defaulted; losing it means re-entering those secrets.
 */
export const storeSecretsKeySchema = base64Key32;
