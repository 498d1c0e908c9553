// The alert rules and the Grafana dashboard name only metrics the services export, so neither
// silently watches nothing after a rename.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PlatformMetrics } from '@threadline/observability';

const root = join(__dirname, '..', '..');

/** Every `threadline_*` metric created in the code: the platform's registry plus the services' own. */
function exportedMetrics(): Set<string> {
  const names = new Set(new PlatformMetrics('any').registry.getMetricsAsArray().map((m) => m.name));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (['node_modules', 'dist', 'test'].includes(entry)) return [];
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') && !path.endsWith('spec.ts') ? [path] : [];
    });
  for (const file of walk(join(root, 'services'))) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/name: '(threadline_[a-z_]+)'/g)) names.add(name);
  }
  return names;
}

const referenced = (text: string) => [
  ...new Set([...text.matchAll(/\b(threadline_[a-z_]+)/g)].map(([, name]) => name.replace(/_(bucket|count|sum)$/, ''))),
];

const rules = parse(readFileSync(join(root, 'ops', 'prometheus-rules.yaml'), 'utf8')) as {
  groups: {
    name: string;
    rules: { alert: string; expr: string; labels: { severity: string }; annotations: { summary: string } }[];
  }[];
};
const dashboard = JSON.parse(readFileSync(join(root, 'ops', 'grafana', 'threadline.json'), 'utf8')) as {
  uid: string;
  panels: { title: string; targets: { expr: string }[] }[];
};

it('alerts on lag, breakers, dead letters, SLA breaches and failing mailboxes, each with a severity and a summary, on exported metrics only', () => {
  const all = rules.groups.flatMap((g) => g.rules);
  expect(all.map((r) => r.alert)).toEqual(
    expect.arrayContaining([
      'ThreadlineConsumerLagGrowing',
      'ThreadlineProviderBreakerOpen',
      'ThreadlineDeadLetters',
      'ThreadlineSlaBreaches',
      'ThreadlineMailboxFailing',
    ]),
  );
  for (const rule of all) {
    expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
    expect(rule.annotations.summary.length).toBeGreaterThan(10);
  }
  const exported = exportedMetrics();
  expect(referenced(all.map((r) => r.expr).join('\n')).filter((m) => !exported.has(m))).toEqual([]);
});

it('draws the dashboard from exported metrics only', () => {
  expect(dashboard.uid).toBe('threadline');
  expect(dashboard.panels.every((p) => p.targets.length > 0)).toBe(true);
  const exported = exportedMetrics();
  const used = referenced(dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n'));
  expect(used).toEqual(expect.arrayContaining(['threadline_kafka_consumer_lag', 'threadline_http_request_duration_seconds']));
  expect(used.filter((m) => !exported.has(m))).toEqual([]);
});
