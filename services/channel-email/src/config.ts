import { z } from 'zod';
import { commonConfigSchema, portSchema, storeSecretsKeySchema } from '@threadline/config';
import { smtpSettings } from '@threadline/contracts';
import { AdminGivenHosts } from '@threadline/resilience';

export const mailboxConfigSchema = z.strictObject({
  /** Stable id of the mailbox; the sync checkpoint is kept under it. */
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  workspaceId: z.string().min(1),
  /** Shown as the sender's name on our answers, e.g. "Biuro Obsługi Klienta". */
  name: z.string().min(1).optional(),
  host: z.string().min(1),
  port: portSchema,
  secure: z.boolean().default(false),
  user: z.string().min(1),
  password: z.string().min(1),
  folder: z.string().min(1).default('INBOX'),
  /** Addresses and aliases this mailbox receives (besides its login), e.g. reklamacje@firma.pl. */
  addresses: z.array(z.email()).max(50).default([]),
  /** Which queue mail to an address feeds, e.g. reklamacje@ → complaints. */
  routes: z
    .array(z.strictObject({ address: z.email(), queue: z.string().trim().min(1).max(100) }))
    .max(50)
    .default([]),
  /** Outgoing mail (answers, acknowledgements); without it the mailbox only receives. */
  smtp: smtpSettings.nullable().default(null),
});
export type MailboxConfig = z.infer<typeof mailboxConfigSchema>;

const mailboxList = z.string().transform((raw, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of mailboxes' });
    return z.NEVER;
  }
  const result = z.array(mailboxConfigSchema).safeParse(parsed);
  if (!result.success) {
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
    }
    return z.NEVER;
  }
  return result.data;
});

/** Comma-separated host names, addresses and networks (CIDR). */
const hostList = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  );

export const channelEmailConfigSchema = commonConfigSchema
  .extend({
    /**
     * Mail servers on internal networks (loopback, private, link-local) mailboxes
     * may use: host names, addresses or networks (10.20.0.0/16). Any other
     * mailbox host that resolves inside is refused, so a workspace admin cannot
     * make the service connect to the store, the bus or a cloud metadata endpoint.
     */
    EMAIL_ALLOWED_INTERNAL_HOSTS: hostList,
    /** Seals the mailbox passwords kept in the store (AES-256-GCM). */
    STORE_SECRETS_KEY: storeSecretsKeySchema,
    /** JSON array of mailboxes to sync (host, port, user, password, workspaceId…). */
    EMAIL_MAILBOXES: mailboxList.default([]),
    /** Safety-net poll in addition to IDLE, and the only trigger on servers without IDLE. */
    EMAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).default(30000),
    /** Attachments larger than this are recorded but not stored. */
    EMAIL_MAX_ATTACHMENT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** Mails one sender may turn into contacts per mailbox within the window (at most 1000: counted in memory); the rest are kept, not ingested. */
    EMAIL_SENDER_MAX_PER_WINDOW: z.coerce.number().int().positive().max(1000).default(20),
    EMAIL_SENDER_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
    /** How long an instance holds a mailbox without renewing; a dead holder is replaced within this. */
    EMAIL_LEASE_TTL_MS: z.coerce.number().int().min(600).default(15_000),
    /** How often mailboxes added, changed or removed through the API are picked up. */
    EMAIL_MAILBOX_REFRESH_MS: z.coerce.number().int().min(200).default(5000),
    /** Messages fetched and published per round; the checkpoint advances after each round. */
    EMAIL_FETCH_BATCH: z.coerce.number().int().min(1).max(500).default(50),
    /** Consumer group reading outbound.requested.v1 (e-mail answers to send). */
    EMAIL_OUTBOUND_CONSUMER_GROUP: z.string().min(1).default('channel-email.outbound'),
    /** Reads customer.erased.v1 to delete the erased customer's attachments. */
    EMAIL_ERASURE_CONSUMER_GROUP: z.string().min(1).default('channel-email.erasure'),
    /** Attempts for one outgoing mail before it is reported failed; transient errors only (a 5xx rejection fails at once). */
    EMAIL_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** First retry delay; each next one doubles, up to EMAIL_SEND_RETRY_MAX_MS. */
    EMAIL_SEND_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
    EMAIL_SEND_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(10 * 60_000),
    /** One SMTP conversation longer than this is abandoned (and retried). */
    EMAIL_SEND_TIMEOUT_MS: z.coerce.number().int().min(500).default(60_000),
    /** How often the outbox looks for mail due for a retry. */
    EMAIL_OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
    /** Outgoing mails claimed, recorded, announced and retired together. */
    EMAIL_SEND_BATCH: z.coerce.number().int().min(1).max(500).default(100),
    /** Outgoing mails in conversation with SMTP servers at once (per instance). */
    EMAIL_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    /** Pooled SMTP connections per mailbox: a provider may refuse more (Gmail, Microsoft 365 allow a few). */
    EMAIL_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(20).default(4),
  })
  .superRefine((config, ctx) => {
    // Configured mailboxes are checked by address at start; names are resolved and checked when the sync connects.
    const hosts = new AdminGivenHosts(config.EMAIL_ALLOWED_INTERNAL_HOSTS);
    config.EMAIL_MAILBOXES.forEach((mailbox, i) => {
      for (const [field, host] of [
        ['host', mailbox.host],
        ['smtp.host', mailbox.smtp?.host],
      ] as const) {
        if (host && hosts.refusesAddress(host))
          ctx.addIssue({
            code: 'custom',
            path: ['EMAIL_MAILBOXES'],
            message: `[${i}.${field}] ${host} is internal; name it in EMAIL_ALLOWED_INTERNAL_HOSTS`,
          });
      }
    });
  });
export type ChannelEmailConfig = z.infer<typeof channelEmailConfigSchema>;
