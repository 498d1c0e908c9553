// The deployment files must agree with the code: docker-compose.yml, the
// Dockerfile and k8s/ are checked against the service catalog (ports,
// databases) and against each service's own config schema (the environment a
// container gets must pass it, with no unknown variables), and secrets must
// never be written into any of them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { SERVICE_CATALOG, type ServiceName } from '../libs/config/src/service-catalog';
import { channelEmailConfigSchema } from '../services/channel-email/src/config';
import { channelSocialConfigSchema } from '../services/channel-social/src/config';
import { channelVoiceConfigSchema } from '../services/channel-voice/src/config';
import { gatewayConfigSchema } from '../services/gateway/src/config';
import { reportingConfigSchema } from '../services/reporting/src/config';
import { routingConfigSchema } from '../services/routing/src/config';
import { slaConfigSchema } from '../services/sla/src/config';
import { ticketsConfigSchema } from '../services/tickets/src/config';

const ROOT = join(__dirname, '..');
const K8S_DIR = join(ROOT, 'k8s');
const K8S_BASE = join(K8S_DIR, 'base');

const SCHEMAS: Record<ServiceName, z.ZodObject> = {
  gateway: gatewayConfigSchema,
  'channel-email': channelEmailConfigSchema,
  'channel-voice': channelVoiceConfigSchema,
  'channel-social': channelSocialConfigSchema,
  tickets: ticketsConfigSchema,
  routing: routingConfigSchema,
  sla: slaConfigSchema,
  reporting: reportingConfigSchema,
};

/** Variables whose values are secret: never literal in a committed file. */
const SECRET_KEYS = ['JWT_SECRET', 'EMAIL_MAILBOXES'] as const;
/** The only defaults a secret's `${VAR:-default}` may carry (not secret themselves). */
const ALLOWED_SECRET_DEFAULTS: Record<(typeof SECRET_KEYS)[number], string[]> = {
  JWT_SECRET: [],
  EMAIL_MAILBOXES: ['[]'],
};
const SECRET_NAME = 'threadline-secrets';
const CONFIG_MAP_NAME = 'threadline-config';

/**
 * What a user supplies when running compose or creating the Secret: realistic
 * placeholders, so the schemas check their shape (JWT_SECRET ≥ 32 characters,
 * EMAIL_MAILBOXES a JSON array of mailboxes).
 */
const USER_SECRETS: Record<string, string> = {
  JWT_SECRET: 'placeholder-jwt-secret-0123456789abcdef',
  EMAIL_MAILBOXES: JSON.stringify([
    { id: 'support', workspaceId: 'ws-1', host: 'imap.example.com', port: 993, secure: true, user: 'u', password: 'p' },
  ]),
};

type Env = Record<string, string>;

// ---------------------------------------------------------------- compose --

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target?: number; published?: string | number })[];
  stop_grace_period?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
// merge: true resolves `<<: *anchor` the way docker compose does.
const compose = parse(composeText, { merge: true }) as ComposeFile;

/**
 * Compose's variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`) against the
 * environment of the shell that runs `docker compose`.
 */
function interpolate(value: string, shell: Env): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare) as string;
      const set = shell[name];
      const usable = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
      if (usable) return set;
      if (op === ':-' || op === '-') return arg ?? '';
      if (op === ':?' || op === '?') throw new Error(`compose would refuse to start: ${name}: ${arg}`);
      return '';
    },
  );
}

function composeEnvironment(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The environment the container gets, as `docker compose up` would pass it. */
function composeContainerEnv(service: ComposeService, shell: Env = USER_SECRETS): Env {
  return Object.fromEntries(Object.entries(composeEnvironment(service)).map(([k, v]) => [k, interpolate(v, shell)]));
}

/** Compose durations: 1m30s, 20s, 1500ms. */
function durationMs(value: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)];
  expect(parts.map((p) => p[0]).join('')).toBe(value);
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

// ------------------------------------------------------------------- k8s --

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface K8sDoc {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    type?: string;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    ports?: { port: number; targetPort?: number | string }[];
    template?: {
      metadata?: { labels?: Record<string, string> };
      spec?: { terminationGracePeriodSeconds?: number; containers?: Container[] };
    };
  };
}
interface Kustomization {
  resources?: string[];
  secretGenerator?: { name: string; literals?: string[]; envs?: string[]; files?: string[] }[];
  configMapGenerator?: { name: string; literals?: string[] }[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const k8sYamlFiles = filesUnder(K8S_DIR).filter((f) => /\.ya?ml$/.test(f));
const k8sFiles = k8sYamlFiles.map((file) => ({
  file: relative(ROOT, file),
  docs: parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative(ROOT, file)}: ${doc.errors[0].message}`);
    return doc.toJS() as K8sDoc | null;
  }),
}));
const baseDocs = k8sFiles
  .filter(({ file }) => file.startsWith(join('k8s', 'base')))
  .flatMap(({ docs }) => docs)
  .filter((d): d is K8sDoc => d !== null && d.kind !== undefined);
const ofKind = (kind: string, name: string) => baseDocs.filter((d) => d.kind === kind && d.metadata?.name === name);

const configMap = ofKind('ConfigMap', CONFIG_MAP_NAME)[0];

function soleContainer(deployment: K8sDoc): Container {
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  expect(containers).toHaveLength(1);
  return containers[0];
}

/** A port given by number or by the container port's name. */
function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** ConfigMap + literal env + the Secret's keys (placeholders), as the pod would see them. */
function k8sContainerEnv(container: Container): Env {
  const env: Env = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      expect(source.configMapRef.name).toBe(CONFIG_MAP_NAME);
      Object.assign(env, configMap.data);
    }
    if (source.secretRef) throw new Error('use secretKeyRef per key, so the needed keys are explicit');
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret) {
      expect(secret.name).toBe(SECRET_NAME);
      expect(USER_SECRETS).toHaveProperty([secret.key]);
      env[variable.name] = USER_SECRETS[secret.key];
    } else if (variable.valueFrom?.configMapKeyRef) {
      env[variable.name] = configMap.data?.[variable.valueFrom.configMapKeyRef.key] ?? '';
    } else {
      env[variable.name] = String(variable.value ?? '');
    }
  }
  return env;
}

function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

// ------------------------------------------------------------------ shared --

/** Passes the service's schema, and sets nothing the schema does not know (typos). */
function expectAcceptedBy(name: ServiceName, env: Env): void {
  const schema = SCHEMAS[name];
  const result = schema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  expect(problems).toEqual([]);
  const unknown = Object.keys(env).filter((key) => !(key in schema.shape));
  expect(unknown).toEqual([]);
}

const shutdownTimeoutMs = (env: Env): number =>
  Number(env.SHUTDOWN_TIMEOUT_MS ?? SCHEMAS.gateway.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined));

/** Every [key, value] pair in a parsed YAML tree, and every `KEY=value` string. */
function* keyValues(node: unknown): Generator<[string, unknown]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* keyValues(item);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      yield [key, value];
      yield* keyValues(value);
    }
  } else if (typeof node === 'string') {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(node);
    if (match) yield [match[1], match[2]];
  }
}

// ------------------------------------------------------------------- tests --

describe('the catalog', () => {
  it('has a config schema for every service', () => {
    expect(Object.keys(SCHEMAS).sort()).toEqual(SERVICE_CATALOG.map((s) => s.name).sort());
  });
});

describe.each(SERVICE_CATALOG.map((entry) => [entry.name, entry] as const))('%s', (name, entry) => {
  describe('in docker-compose.yml', () => {
    const service = () => {
      const found = compose.services[name];
      expect(found).toBeDefined();
      return found;
    };

    it('is built from the Dockerfile for this service', () => {
      const build = service().build;
      expect(typeof build).toBe('object');
      const { context, dockerfile, args } = build as Exclude<ComposeService['build'], string | undefined>;
      expect(context).toBe('.');
      expect(dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(args).toEqual({ SERVICE: name });
    });

    it('gets the catalog port and database and the in-compose Kafka and Mongo', () => {
      const env = composeContainerEnv(service());
      expect(env.HTTP_PORT).toBe(String(entry.port));
      expect(env.MONGO_DATABASE).toBe(entry.database);
      expect(env.MONGO_URL).toBe('mongodb://mongo:27017/');
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    });

    it('gets an environment its config schema accepts, with every secret set or only the required ones', () => {
      expectAcceptedBy(name, composeContainerEnv(service()));
      expectAcceptedBy(name, composeContainerEnv(service(), { JWT_SECRET: USER_SECRETS.JWT_SECRET }));
    });

    it('is health-checked on /health of its own port, without curl', () => {
      const command = healthcheckCommand(service());
      expect(service().healthcheck?.disable).not.toBe(true);
      expect(command).toContain('/health');
      expect(command).toMatch(/process\.env\.HTTP_PORT|:\d+\/health/);
      const literalPort = /:(\d+)\/health/.exec(command);
      if (literalPort) expect(Number(literalPort[1])).toBe(entry.port);
      expect(command).not.toMatch(/\bcurl\b|\bwget\b/);
    });

    it('starts after Kafka and Mongo are healthy', () => {
      const dependsOn = service().depends_on;
      expect(dependsOn).toMatchObject({
        kafka: { condition: 'service_healthy' },
        mongo: { condition: 'service_healthy' },
      });
      for (const [dependency, { condition }] of Object.entries(dependsOn as Record<string, { condition?: string }>)) {
        expect(compose.services).toHaveProperty([dependency]);
        if (condition === 'service_healthy') expect(healthcheckCommand(compose.services[dependency])).not.toBe('');
      }
    });

    it('gets longer to stop than its own shutdown deadline', () => {
      const grace = durationMs(service().stop_grace_period ?? '10s');
      expect(grace).toBeGreaterThan(shutdownTimeoutMs(composeContainerEnv(service())));
    });

    it(entry.public ? 'is published on its catalog port' : 'is not published', () => {
      const targets = (service().ports ?? []).map((p) => {
        if (typeof p === 'object') return Number(p.target);
        const parts = String(p).split('/')[0].split(':');
        return Number(parts[parts.length - 1]);
      });
      expect(targets).toEqual(entry.public ? [entry.port] : []);
    });
  });

  describe('in k8s/base', () => {
    const deployment = () => {
      const found = ofKind('Deployment', name);
      expect(found).toHaveLength(1);
      return found[0];
    };

    it('has one Deployment with one replica, selecting its own pods', () => {
      const spec = deployment().spec;
      expect(spec?.replicas).toBe(1);
      const podLabels = spec?.template?.metadata?.labels ?? {};
      expect(spec?.selector?.matchLabels).toBeDefined();
      expect(podLabels).toMatchObject(spec?.selector?.matchLabels ?? {});
      expect(soleContainer(deployment()).image).toMatch(new RegExp(`(^|/)threadline/${name}(:|$)`));
    });

    it('listens on the catalog port and uses the catalog database', () => {
      const container = soleContainer(deployment());
      expect(container.ports?.map((p) => p.containerPort)).toEqual([entry.port]);
      const env = k8sContainerEnv(container);
      expect(env.HTTP_PORT).toBe(String(entry.port));
      expect(env.MONGO_DATABASE).toBe(entry.database);
    });

    it('gets an environment its config schema accepts', () => {
      expectAcceptedBy(name, k8sContainerEnv(soleContainer(deployment())));
    });

    it('is probed for readiness and liveness on /health of the catalog port', () => {
      const container = soleContainer(deployment());
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(probe?.httpGet?.path).toBe('/health');
        expect(resolvePort(container, probe?.httpGet?.port)).toBe(entry.port);
      }
    });

    it('has resource requests and limits', () => {
      const { requests, limits } = soleContainer(deployment()).resources ?? {};
      expect(requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
    });

    it('is given longer to stop than preStop plus its shutdown deadline', () => {
      const container = soleContainer(deployment());
      const graceSeconds = deployment().spec?.template?.spec?.terminationGracePeriodSeconds;
      expect(typeof graceSeconds).toBe('number');
      const needed = preStopSeconds(container) * 1000 + shutdownTimeoutMs(k8sContainerEnv(container));
      expect((graceSeconds as number) * 1000).toBeGreaterThan(needed);
    });

    it('has a ClusterIP Service on the catalog port that reaches its pods', () => {
      const services = ofKind('Service', name);
      expect(services).toHaveLength(1);
      const spec = services[0].spec;
      expect(spec?.type).toBe('ClusterIP');
      expect(spec?.ports).toHaveLength(1);
      const port = spec?.ports?.[0];
      expect(port?.port).toBe(entry.port);
      const container = soleContainer(deployment());
      expect(resolvePort(container, port?.targetPort ?? port?.port)).toBe(entry.port);
      const { matchLabels: _, ...selector } = spec?.selector ?? {};
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(deployment().spec?.template?.metadata?.labels).toMatchObject(selector);
    });
  });
});

describe('shared k8s configuration', () => {
  it('has the ConfigMap with the in-cluster Kafka and the Mongo replica set', () => {
    expect(ofKind('ConfigMap', CONFIG_MAP_NAME)).toHaveLength(1);
    expect(configMap.data?.KAFKA_BROKERS?.split(',')).toContain('kafka:9092');
    expect(configMap.data?.MONGO_URL).toMatch(/^mongodb:\/\/mongo-0\.mongo:27017(,[^/]+)*\/\?(.*&)?replicaSet=rs0(&|$)/);
    expect(configMap.data?.LOG_LEVEL).toBeDefined();
  });

  it('lists every manifest of k8s/base in its kustomization, and only those', () => {
    const kustomization = parse(readFileSync(join(K8S_BASE, 'kustomization.yaml'), 'utf8')) as Kustomization;
    const manifests = readdirSync(K8S_BASE).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect([...(kustomization.resources ?? [])].sort()).toEqual(manifests.sort());
  });

  it('has overlays whose resources exist', () => {
    for (const file of k8sYamlFiles.filter((f) => f.endsWith('kustomization.yaml'))) {
      const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
      for (const resource of kustomization.resources ?? []) {
        expect(existsSync(join(file, '..', resource))).toBe(true);
      }
    }
  });
});

describe('secrets', () => {
  it('are interpolated in docker-compose.yml, never written there', () => {
    let seen = 0;
    for (const [key, value] of keyValues(parse(composeText))) {
      if (!(SECRET_KEYS as readonly string[]).includes(key)) continue;
      seen += 1;
      const match = /^\$\{([A-Z_]+)(?::?([-?])([^}]*))?\}$/.exec(String(value));
      expect(match?.[1]).toBe(key);
      if (match?.[2] === '-') expect(ALLOWED_SECRET_DEFAULTS[key as keyof typeof ALLOWED_SECRET_DEFAULTS]).toContain(match[3]);
    }
    expect(seen).toBeGreaterThanOrEqual(SECRET_KEYS.length);
  });

  it('make docker compose refuse to start without a JWT_SECRET', () => {
    const { JWT_SECRET: _, ...withoutJwt } = USER_SECRETS;
    expect(() => composeContainerEnv(compose.services.gateway, withoutJwt)).toThrow(/JWT_SECRET/);
  });

  it('come from the Secret via secretKeyRef in k8s, never as values', () => {
    let seen = 0;
    for (const { file, docs } of k8sFiles) {
      for (const doc of docs) {
        if (doc?.kind === 'Secret') {
          throw new Error(`${file}: a Secret is committed; create ${SECRET_NAME} outside the repo`);
        }
        for (const [key, value] of keyValues(doc)) {
          if ((SECRET_KEYS as readonly string[]).includes(key)) {
            throw new Error(`${file}: ${key} has a literal value ${JSON.stringify(value)}`);
          }
          if (key === 'env' && Array.isArray(value)) {
            for (const variable of value as EnvVar[]) {
              if (!(SECRET_KEYS as readonly string[]).includes(variable.name)) continue;
              seen += 1;
              expect(variable.value).toBeUndefined();
              expect(variable.valueFrom?.secretKeyRef).toEqual({ name: SECRET_NAME, key: variable.name });
            }
          }
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(SECRET_KEYS.length);
  });

  it('are generated in overlays from files, never from literals', () => {
    for (const file of k8sYamlFiles.filter((f) => f.endsWith('kustomization.yaml'))) {
      const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
      for (const generator of kustomization.secretGenerator ?? []) {
        expect(generator.literals).toBeUndefined();
        for (const source of [...(generator.envs ?? []), ...(generator.files ?? [])]) {
          // The file named is the filled-in one kept out of git.
          expect(source).not.toMatch(/example/);
        }
      }
    }
  });

  it('are listed by name only in secrets.example.env, exactly the keys the Deployments use', () => {
    const lines = readFileSync(join(K8S_BASE, 'secrets.example.env'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const line of lines) expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=$/);
    const used = new Set(
      baseDocs
        .flatMap((d) => d.spec?.template?.spec?.containers ?? [])
        .flatMap((c) => c.env ?? [])
        .flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef.key] : [])),
    );
    expect(lines.map((l) => l.slice(0, -1)).sort()).toEqual([...used].sort());
  });
});

describe('docker-compose.yml infrastructure', () => {
  it('runs the official Kafka in single-node KRaft mode, reachable as kafka:9092, without auto-creation', () => {
    const kafka = compose.services.kafka;
    expect(kafka.image).toBe('apache/kafka:3.9.1');
    const env = composeContainerEnv(kafka);
    expect(env.KAFKA_NODE_ID).toBe('1');
    expect(env.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/(^|,)[A-Z_]+:\/\/kafka:9092(,|$)/);
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    const factors = Object.entries(env).filter(([k]) => k.endsWith('REPLICATION_FACTOR'));
    expect(factors.length).toBeGreaterThan(0);
    for (const [, factor] of factors) expect(factor).toBe('1');
    expect(healthcheckCommand(kafka)).not.toBe('');
  });

  it('runs the official MongoDB 7 with a healthcheck', () => {
    expect(compose.services.mongo.image).toBe('mongo:7');
    expect(healthcheckCommand(compose.services.mongo)).not.toBe('');
  });

  it('has no service beyond the catalog and the infrastructure', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICE_CATALOG.map((s) => s.name), 'kafka', 'mongo'].sort());
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages = instructions.filter((l) => /^FROM\s/i.test(l));
  const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1]));

  it('builds in one stage and runs from a slim Node 24 stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/node:24-bookworm-slim/);
    expect(instructions.join('\n')).toMatch(/tsc -b tsconfig\.build\.json/);
  });

  it('chooses the service with SERVICE and runs it as a non-root user', () => {
    expect(runtime).toContain('ARG SERVICE');
    expect(runtime.some((l) => /^ENV\s.*\bSERVICE=\$\{?SERVICE\}?/.test(l))).toBe(true);
    const user = runtime.filter((l) => /^USER\s/.test(l)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
    expect(runtime.filter((l) => /^CMD\s/.test(l)).pop()).toMatch(/node services\/\$\{?SERVICE\}?\/dist\/main\.js/);
  });

  it('keeps host build output and tooling out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const pattern of ['node_modules', 'dist', '.local', '.tools', '.git']) {
      expect(ignored.some((l) => l === pattern || l === `**/${pattern}`)).toBe(true);
    }
  });
});
