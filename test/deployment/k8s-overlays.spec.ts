// Every overlay as the cluster gets it (kubectl kustomize, offline), each object checked against
// the Kubernetes and KEDA schemas; and the KEDA overlay's invariants: each Deployment scaled by
// exactly one autoscaler, the gateway on CPU, every consumer service on the lag of each consumer
// group it runs (the group names its config defaults to) and never beyond the partitions it reads.
import { existsSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_CATALOG } from '@threadline/config';
import { TOPICS } from '@threadline/contracts';
import type { z } from 'zod';
import { channelEmailConfigSchema } from '../../services/channel-email/src/config';
import { channelSocialConfigSchema } from '../../services/channel-social/src/config';
import { channelVoiceConfigSchema } from '../../services/channel-voice/src/config';
import { reportingConfigSchema } from '../../services/reporting/src/config';
import { routingConfigSchema } from '../../services/routing/src/config';
import { slaConfigSchema } from '../../services/sla/src/config';
import { ticketsConfigSchema } from '../../services/tickets/src/config';
import { render, root, validate, type Doc } from './manifests';

const overlaysDir = join(root, 'k8s', 'overlays');
const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** An overlay generating the Secret from a local secrets.env renders here with the example's keys. */
function renderOverlay(name: string): Doc[] {
  const dir = join(overlaysDir, name);
  const secrets = join(dir, 'secrets.env');
  const borrowed = !existsSync(secrets) && name === 'example';
  if (borrowed) copyFileSync(join(root, 'k8s', 'base', 'secrets.example.env'), secrets);
  try {
    return render(dir);
  } finally {
    if (borrowed) rmSync(secrets);
  }
}

it.each(overlays)('renders the %s overlay, every object valid against the Kubernetes and KEDA schemas', (name) => {
  const docs = renderOverlay(name);
  expect(docs.filter((d) => d.kind === 'Deployment')).toHaveLength(SERVICE_CATALOG.length);
  expect(docs.map(validate).filter(Boolean)).toEqual([]);
  expect(docs.filter((d) => d.kind !== 'Namespace' && d.metadata.namespace !== 'threadline')).toEqual([]);
});

it('notices a ScaledObject the KEDA schema refuses', () => {
  const scaled = renderOverlay('keda').find((d) => d.kind === 'ScaledObject')!;
  expect(validate({ ...scaled, spec: { ...scaled.spec, maxReplicaCount: 'six' } })).toMatch(/maxReplicaCount must be integer/);
});

type Schema = z.ZodObject;
/** Each consumer service's groups: the config key naming the group, and the topics the group reads. */
const consumers: Record<string, { schema: Schema; groups: Record<string, { name: string; partitions: number }[]> }> = {
  tickets: {
    schema: ticketsConfigSchema,
    groups: { TICKETS_CONSUMER_GROUP: [TOPICS.contactReceived, TOPICS.deliveryStatus, TOPICS.slaEvents] },
  },
  routing: { schema: routingConfigSchema, groups: { ROUTING_CONSUMER_GROUP: [TOPICS.ticketEvents] } },
  sla: { schema: slaConfigSchema, groups: { SLA_CONSUMER_GROUP: [TOPICS.ticketEvents] } },
  reporting: {
    schema: reportingConfigSchema,
    groups: { REPORTING_CONSUMER_GROUP: [TOPICS.contactReceived, TOPICS.ticketEvents] },
  },
  'channel-email': { schema: channelEmailConfigSchema, groups: { EMAIL_OUTBOUND_CONSUMER_GROUP: [TOPICS.outboundRequested] } },
  'channel-voice': { schema: channelVoiceConfigSchema, groups: { VOICE_SMS_CONSUMER_GROUP: [TOPICS.outboundRequested] } },
  'channel-social': {
    schema: channelSocialConfigSchema,
    groups: {
      MESSENGER_CONSUMER_GROUP: [TOPICS.outboundRequested],
      SLACK_CONSUMER_GROUP: [TOPICS.outboundRequested],
      CHAT_CONSUMER_GROUP: [TOPICS.outboundRequested],
    },
  },
};
/** Services that do nothing but consume: a pod beyond the partitions would idle. */
const pureConsumers = ['tickets', 'routing', 'sla', 'reporting', 'channel-email'];

describe('the KEDA overlay', () => {
  const docs = renderOverlay('keda');
  const scalers = (name: string) => [
    ...docs.filter((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === name),
    ...docs.filter((d) => d.kind === 'ScaledObject' && d.spec.scaleTargetRef.name === name),
  ];

  it.each(SERVICE_CATALOG.map((s) => s.name))('scales %s by exactly one autoscaler', (name) => {
    const [scaler, ...others] = scalers(name);
    expect(others).toEqual([]);
    expect(scaler.kind).toBe(name === 'gateway' ? 'HorizontalPodAutoscaler' : 'ScaledObject');
  });

  it.each(Object.keys(consumers))('scales %s on the lag of each of its consumer groups, and on CPU', (name) => {
    const { schema, groups } = consumers[name];
    const scaled = scalers(name)[0];
    const expected = Object.entries(groups).flatMap(([key, topics]) => {
      const group = (schema.shape[key] as z.ZodType<string>).parse(undefined);
      return topics.map((t) => ({ consumerGroup: group, topic: t.name }));
    });
    const lagTriggers = scaled.spec.triggers.filter((t: { type: string }) => t.type === 'kafka');
    expect(
      lagTriggers.map((t: { metadata: Record<string, string> }) => ({
        consumerGroup: t.metadata.consumerGroup,
        topic: t.metadata.topic,
      })),
    ).toEqual(expect.arrayContaining(expected));
    expect(lagTriggers).toHaveLength(expected.length);
    for (const trigger of lagTriggers) {
      // The brokers the pod itself uses; never more pods for lag than partitions.
      expect(trigger.metadata).toMatchObject({ bootstrapServersFromEnv: 'KAFKA_BROKERS', allowIdleConsumers: 'false' });
    }
    expect(scaled.spec.triggers).toContainEqual({
      type: 'cpu',
      metricType: 'Utilization',
      metadata: { value: expect.any(String) },
    });
    if (pureConsumers.includes(name)) {
      const partitions = Math.min(...Object.values(groups).flatMap((topics) => topics.map((t) => t.partitions)));
      expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    }
  });
});

describe('the secure-cluster overlay', () => {
  const docs = renderOverlay('secure-cluster');
  const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'threadline-config') as Doc & {
    data: Record<string, string>;
  };

  it.each(Object.entries(consumers).map(([name, c]) => [name, c.schema] as const))(
    'gives %s settings its config accepts: TLS and SASL to Kafka, replication factor 3, the store from a Secret over TLS',
    (name, schema) => {
      const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name)!;
      const container = deployment.spec.template.spec.containers[0];
      const fromSecret = Object.fromEntries(
        (container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[])
          .filter((e) => e.valueFrom?.secretKeyRef)
          .map((e) => [e.name, e.valueFrom!.secretKeyRef!.name]),
      );
      expect(fromSecret).toMatchObject({
        KAFKA_SASL_USERNAME: 'threadline-cluster',
        KAFKA_SASL_PASSWORD: 'threadline-cluster',
        MONGO_URL: 'threadline-cluster',
      });
      const mounted = (container.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
      expect(mounted).toEqual(expect.arrayContaining(['/etc/threadline/kafka-ca', '/etc/threadline/mongo-ca']));
      expect(config.data.KAFKA_SSL_CA_FILE.startsWith('/etc/threadline/kafka-ca/')).toBe(true);
      // What the pod would see: the ConfigMap, its own env values, the Secret's keys (stand-in values).
      const env = {
        ...config.data,
        ...Object.fromEntries(
          (container.env as { name: string; value?: string }[]).filter((e) => e.value).map((e) => [e.name, e.value!]),
        ),
        KAFKA_SASL_USERNAME: 'threadline',
        KAFKA_SASL_PASSWORD: 'x',
        MONGO_URL: 'mongodb://u:p@mongo-0.mongo:27017/?replicaSet=rs0&tls=true&tlsCAFile=/etc/threadline/mongo-ca/ca.crt',
        SERVICE_TOKEN_SECRET: 'x'.repeat(40),
        STORE_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
        JWT_SECRET: 'y'.repeat(40),
      };
      const parsed = schema.safeParse(env);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toMatchObject({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_REPLICATION_FACTOR: 3 });
    },
  );

  it('lets KEDA log in to the cluster for every lag check', () => {
    const auths = docs.filter((d) => d.kind === 'TriggerAuthentication').map((d) => d.metadata.name);
    const lagTriggers = docs
      .filter((d) => d.kind === 'ScaledObject')
      .flatMap((d) => d.spec.triggers.filter((t: { type: string }) => t.type === 'kafka'));
    expect(lagTriggers.length).toBeGreaterThan(0);
    for (const trigger of lagTriggers) expect(auths).toContain(trigger.authenticationRef?.name);
  });
});
