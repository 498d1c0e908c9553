import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** "limit" rows are raw capacities measured in the same run, for comparison. */
  kind: 'result' | 'limit';
}

/** Prints the figures as a table and as JSON (also written to bench/results/); `notes` are verdicts in words. */
export function report(scenario: string, params: Record<string, unknown>, figures: Figure[], notes: string[] = []): void {
  const at = new Date().toISOString();
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log(`\n${scenario} — ${at}`);
  console.log(`parameters: ${JSON.stringify(params)}`);
  for (const kind of ['result', 'limit'] as const) {
    console.log(kind === 'result' ? '\nresults' : '\nraw limits (same run)');
    for (const f of figures.filter((x) => x.kind === kind))
      console.log(`  ${f.name.padEnd(width)}  ${String(f.value).padStart(10)} ${f.unit}`);
  }
  if (notes.length) console.log(`\nnotes\n${notes.map((n) => `  ${n}`).join('\n')}`);
  const json = { scenario, at, params, figures, ...(notes.length ? { notes } : {}) };
  console.log(`\n${JSON.stringify(json)}`);
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${scenario}-${at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
