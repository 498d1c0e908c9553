// k8s/base as the cluster gets it (rendered by kustomize), every object checked against the
// Kubernetes schemas (kubernetes-models: the OpenAPI schemas as code, offline), and the
// invariants of scaling: an autoscaler and a disruption budget per Deployment, and no consumer
// service scaled beyond the partitions of what it consumes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SERVICE_CATALOG } from '@threadline/config';
import { TOPICS } from '@threadline/contracts';
import { render, root, validate, type Doc } from './manifests';

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
