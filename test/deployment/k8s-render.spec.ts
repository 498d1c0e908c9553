// k8s/base as the cluster gets it (rendered by kustomize), every object checked against the
// Kubernetes schemas (kubernetes-models: the OpenAPI schemas as code, offline), and the
// invariants of scaling: an autoscaler and a disruption budget per Deployment, and no consumer
// service scaled beyond the partitions of what it consumes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_CATALOG } from '@threadline/config';
import { TOPICS } from '@threadline/contracts';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

const root = join(__dirname, '..', '..');
type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // Manifests are read as parsed YAML; the schemas, not this type, say what a spec may hold.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
};

/** `kubectl kustomize` when there is a kubectl; otherwise the files the kustomization lists, with its namespace. */
function render(dir: string): Doc[] {
  try {
    const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return parseAllDocuments(text).map((d) => d.toJS() as Doc);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
      namespace: string;
      resources: string[];
    };
    return kustomization.resources.flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
        const doc = d.toJS() as Doc;
        return doc.kind === 'Namespace' ? doc : { ...doc, metadata: { ...doc.metadata, namespace: kustomization.namespace } };
      }),
    );
  }
}

/** The schema of each kind we ship; a kind not here fails the test until it is added. */
const models: Record<string, new (data: never) => object> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'batch/v1/Job': Job,
};

function validate(doc: Doc): string | null {
  const Model = models[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) return `no schema for ${doc.apiVersion} ${doc.kind}`;
  try {
    // validate() comes from @kubernetes-models/base, whose types this tsconfig does not resolve.
    (new Model(doc as never) as { validate(): void }).validate();
    return null;
  } catch (error) {
    return `${doc.kind} ${doc.metadata.name}: ${(error as Error).message}`;
  }
}

const base = render(join(root, 'k8s', 'base'));
const ofKind = (kind: string) => base.filter((d) => d.kind === kind);
const deployments = ofKind('Deployment');

/** What each consumer service consumes (its ConsumerHost groups); HTTP services are not capped. */
const consumedTopics: Record<string, { name: string; partitions: number }[]> = {
  tickets: [TOPICS.contactReceived, TOPICS.deliveryStatus, TOPICS.slaEvents],
  routing: [TOPICS.ticketEvents],
  sla: [TOPICS.ticketEvents],
  reporting: [TOPICS.contactReceived, TOPICS.ticketEvents],
  'channel-email': [TOPICS.outboundRequested],
};

it('renders every object of k8s/base into the threadline namespace, valid against the Kubernetes schemas', () => {
  expect(base.length).toBeGreaterThan(30);
  expect(base.map(validate).filter(Boolean)).toEqual([]);
  expect(base.filter((d) => d.kind !== 'Namespace' && d.metadata.namespace !== 'threadline')).toEqual([]);
});

it('keeps the bootstrap Job valid against the Kubernetes schemas', () => {
  const jobs = parseAllDocuments(readFileSync(join(root, 'k8s', 'jobs', 'create-workspace.yaml'), 'utf8')).map(
    (d) => d.toJS() as Doc,
  );
  expect(jobs.map(validate).filter(Boolean)).toEqual([]);
});

it('notices an object the schemas refuse', () => {
  const gateway = deployments.find((d) => d.metadata.name === 'gateway')!;
  expect(validate({ ...gateway, spec: { ...gateway.spec, replicas: 'two' } })).toBe(
    'Deployment gateway: data/spec/replicas must be integer',
  );
});

describe.each(SERVICE_CATALOG.map((s) => s.name))('%s', (name) => {
  const deployment = deployments.find((d) => d.metadata.name === name)!;

  it('is scaled on CPU by its own autoscaler, never beyond the partitions it consumes, and sets no replicas itself', () => {
    const hpa = ofKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === name)!;
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } },
    ]);
    const topics = consumedTopics[name];
    if (topics) expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(Math.min(...topics.map((t) => t.partitions)));
    // CPU utilisation is measured against the request: without one the autoscaler cannot act.
    expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
    expect(deployment.spec.replicas).toBeUndefined();
  });

  it('has a disruption budget over its own pods that still lets a single pod be drained', () => {
    const budgets = ofKind('PodDisruptionBudget').filter((p) =>
      Object.entries(p.spec.selector.matchLabels as Record<string, string>).every(
        ([k, v]) => deployment.spec.template.metadata.labels[k] === v,
      ),
    );
    expect(budgets).toHaveLength(1);
    expect(budgets[0].spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } });
  });
});
