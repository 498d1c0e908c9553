// Rendering kustomizations and checking objects against the Kubernetes schemas (kubernetes-models:
// the OpenAPI schemas as code) and KEDA's (@kubernetes-models/keda: generated from KEDA's CRDs),
// offline; shared by the manifest tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';

export const root = join(__dirname, '..', '..');
export type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // Manifests are read as parsed YAML; the schemas, not this type, say what a spec may hold.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
};

/** `kubectl kustomize` when there is a kubectl; otherwise the files the kustomization lists, with its namespace. */
export function render(dir: string): Doc[] {
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
  'v1/Secret': Secret,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

export function validate(doc: Doc): string | null {
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
