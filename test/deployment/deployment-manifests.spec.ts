// docker-compose.yml and k8s/ must agree with the services: every service
// present, ports and databases as in the catalog, probes on /health/ready and /health/live, secrets
// never literal, and the environment each one gets passing its own config schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_CATALOG, loadConfig } from '@threadline/config';
import { channelEmailConfigSchema } from '../../services/channel-email/src/config';
import { channelSocialConfigSchema } from '../../services/channel-social/src/config';
import { channelVoiceConfigSchema } from '../../services/channel-voice/src/config';
import { gatewayConfigSchema } from '../../services/gateway/src/config';
import { reportingConfigSchema } from '../../services/reporting/src/config';
import { routingConfigSchema } from '../../services/routing/src/config';
import { slaConfigSchema } from '../../services/sla/src/config';
import { ticketsConfigSchema } from '../../services/tickets/src/config';

const root = join(__dirname, '..', '..');
const schemas = {
  gateway: gatewayConfigSchema,
  'channel-email': channelEmailConfigSchema,
  'channel-voice': channelVoiceConfigSchema,
  'channel-social': channelSocialConfigSchema,
  tickets: ticketsConfigSchema,
  routing: routingConfigSchema,
  sla: slaConfigSchema,
  reporting: reportingConfigSchema,
};
const SECRET_KEYS = ['JWT_SECRET', 'EMAIL_MAILBOXES', 'STORE_SECRETS_KEY', 'SERVICE_TOKEN_SECRET', 'PERSONAL_DATA_MASTER_KEY'];
/** What a user would put in for each secret. */
const SECRET_SAMPLES: Env = {
  JWT_SECRET: 'x'.repeat(40),
  EMAIL_MAILBOXES: '[]',
  STORE_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  SERVICE_TOKEN_SECRET: 's'.repeat(44),
  PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
};

type Env = Record<string, string>;
interface ComposeService {
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  build?: { args?: { SERVICE?: string } };
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

/** What `docker compose` would pass, with `${VAR:?…}` / `${VAR:-default}` filled as a user would. */
function composeEnv(service: ComposeService): Env {
  const placeholders = SECRET_SAMPLES;
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_, name: string) => placeholders[name] ?? ''),
    ]),
  );
}

const k8sDir = join(root, 'k8s', 'base');
const k8sDocs = readdirSync(k8sDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(k8sDir, f), 'utf8')).map((d) => ({ file: f, doc: d.toJS() })));
const byKind = (kind: string) => k8sDocs.filter((d) => d.doc?.kind === kind).map((d) => d.doc);
const configMap = byKind('ConfigMap').find((c) => c.metadata.name === 'threadline-config');

describe.each(SERVICE_CATALOG.map((s) => [s.name, s] as const))('%s', (name, entry) => {
  it('is in docker-compose.yml with the catalog port and database, and its config accepts that environment', () => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service.build?.args?.SERVICE).toBe(name);
    const env = composeEnv(service);
    expect(env.HTTP_PORT).toBe(String(entry.port));
    expect(env.INTERNAL_HTTP_PORT).toBe(String(entry.internalPort));
    expect(env.MONGO_DATABASE).toBe(entry.database);
    expect(() => loadConfig(name, schemas[name], env)).not.toThrow();
  });

  it('publishes in docker-compose.yml only the public listener, and only of services the outside calls', () => {
    const published = (compose.services[name].ports ?? []).map((p) => p.split(':').at(-1));
    expect(published).toEqual(entry.public ? [String(entry.port)] : []);
  });

  it('is a k8s Deployment and Service on the catalog port, readiness probed on /health/ready and liveness on /health/live', () => {
    const deployment = byKind('Deployment').find((d) => d.metadata.name === name);
    const service = byKind('Service').find((s) => s.metadata.name === name);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([entry.port, entry.internalPort]);
    expect(service.spec.ports).toEqual([
      { name: 'http', port: entry.port, targetPort: entry.port },
      { name: 'internal', port: entry.internalPort, targetPort: entry.internalPort },
    ]);
    expect(service.spec.type).toBe('ClusterIP');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: entry.port });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: entry.port });
    expect(container.resources.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
    // Grace period must outlast the service's own shutdown deadline.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      Number(configMap.data.SHUTDOWN_TIMEOUT_MS),
    );
  });

  it('gets in k8s an environment its config accepts', () => {
    const container = byKind('Deployment').find((d) => d.metadata.name === name).spec.template.spec.containers[0];
    const env: Env = { ...configMap.data };
    for (const variable of container.env as { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string } } }[]) {
      if (variable.valueFrom) {
        expect(variable.valueFrom.secretKeyRef.name).toBe('threadline-secrets');
        env[variable.name] = SECRET_SAMPLES[variable.name] ?? '';
      } else env[variable.name] = String(variable.value);
    }
    expect(env.HTTP_PORT).toBe(String(entry.port));
    expect(env.INTERNAL_HTTP_PORT).toBe(String(entry.internalPort));
    expect(env.MONGO_DATABASE).toBe(entry.database);
    expect(() => loadConfig(name, schemas[name], env)).not.toThrow();
  });
});

describe('the gateway', () => {
  const internalUrls = (env: Env) =>
    [env.TICKETS_URL, env.CHANNEL_EMAIL_URL, env.CHANNEL_VOICE_URL, env.CHANNEL_SOCIAL_URL].map((url) => new URL(url));
  const internalPortOf = (host: string) => SERVICE_CATALOG.find((s) => s.name === host)?.internalPort;

  it('calls the owners’ internal listeners in docker-compose.yml and k8s', () => {
    const container = byKind('Deployment').find((d) => d.metadata.name === 'gateway').spec.template.spec.containers[0];
    const k8sEnv: Env = Object.fromEntries(
      (container.env as { name: string; value?: string }[]).filter((v) => v.value).map((v) => [v.name, String(v.value)]),
    );
    for (const url of [...internalUrls(composeEnv(compose.services.gateway)), ...internalUrls(k8sEnv)]) {
      expect(Number(url.port)).toBe(internalPortOf(url.hostname));
    }
  });
});

it('lets only pods labelled as internal API clients (the gateway’s) reach internal listeners in k8s', () => {
  const policies = byKind('NetworkPolicy');
  const portsOf = (rule: { ports?: { port: number }[] }) => (rule.ports ?? []).map((p) => p.port);
  const internalPorts: number[] = SERVICE_CATALOG.map((s) => s.internalPort);
  for (const policy of policies) {
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/part-of': 'threadline' });
    for (const rule of policy.spec.ingress) {
      const opensInternal = portsOf(rule).some((p) => internalPorts.includes(p));
      // No rule without ports (that would open every port) and no rule opening an internal port to everyone.
      expect(portsOf(rule).length).toBeGreaterThan(0);
      if (opensInternal) {
        expect(rule.from).toEqual([
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/part-of': 'threadline', 'threadline.io/internal-api-client': 'true' },
            },
          },
        ]);
      }
    }
  }
  const opened = policies.flatMap((p) => p.spec.ingress.flatMap(portsOf));
  expect(new Set(opened)).toEqual(new Set([...SERVICE_CATALOG.map((s) => s.port), ...internalPorts]));
  const clients = byKind('Deployment').filter(
    (d) => d.spec.template.metadata.labels['threadline.io/internal-api-client'] === 'true',
  );
  // The gateway for agents; routing acts on tickets and reads the channels' lists for itself; sla escalates breaches through tickets;
  // tickets reads the channels' files and call records for a customer's export; channel-social reads the chat
  // widget's notice from tickets.
  expect(clients.map((d) => d.metadata.name).sort()).toEqual(['channel-social', 'gateway', 'routing', 'sla', 'tickets']);
});

it('never puts a secret value in docker-compose.yml or k8s/', () => {
  for (const service of Object.values(compose.services)) {
    for (const key of SECRET_KEYS) {
      const value = service.environment?.[key];
      if (value !== undefined) expect(String(value)).toMatch(/^\$\{[A-Z_]+:[?-]/);
    }
  }
  for (const { doc } of k8sDocs) {
    if (doc?.kind === 'Secret') throw new Error('a Secret with values is committed under k8s/');
    if (doc?.kind === 'ConfigMap') for (const key of SECRET_KEYS) expect(doc.data).not.toHaveProperty(key);
  }
});

it('lists every manifest in the kustomization, and nothing else', () => {
  const kustomization = parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const manifests = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  expect([...kustomization.resources].sort()).toEqual(manifests.sort());
});

it('runs Kafka in KRaft mode with topic auto-creation off', () => {
  const kafka = compose.services.kafka.environment ?? {};
  expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  expect(String(kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
});

it('has a Kubernetes Job that bootstraps a workspace with the gateway’s image, database and admin command', () => {
  const jobs = parseAllDocuments(readFileSync(join(root, 'k8s', 'jobs', 'create-workspace.yaml'), 'utf8')).map((d) => d.toJS());
  const container = jobs.find((j) => j.kind === 'Job').spec.template.spec.containers[0];
  const gateway = byKind('Deployment').find((d) => d.metadata.name === 'gateway').spec.template.spec.containers[0];
  expect(container.image).toBe(gateway.image);
  expect(container.command).toEqual(['node', 'services/gateway/dist/cli/admin.js']);
  expect(container.args[0]).toBe('create-workspace');
  expect(container.env).toContainEqual({
    name: 'MONGO_DATABASE',
    value: SERVICE_CATALOG.find((s) => s.name === 'gateway')?.database,
  });
  expect(container.envFrom).toEqual([{ configMapRef: { name: 'threadline-config' } }]);
});

it('bootstraps the first workspace in docker-compose.yml with the gateway’s image, database and admin command', () => {
  const bootstrap = compose.services.bootstrap as ComposeService & { command: string[] };
  expect(bootstrap.build?.args?.SERVICE).toBe('gateway');
  expect(bootstrap.command.slice(0, 3)).toEqual(['node', 'services/gateway/dist/cli/admin.js', 'create-workspace']);
  expect(bootstrap.command.filter((a) => /^--(workspace|name|admin-email)=/.test(a))).toHaveLength(3);
  const env = composeEnv(bootstrap);
  expect(env.MONGO_DATABASE).toBe(SERVICE_CATALOG.find((s) => s.name === 'gateway')?.database);
  expect(env.MONGO_URL).toBe(composeEnv(compose.services.gateway).MONGO_URL);
});
