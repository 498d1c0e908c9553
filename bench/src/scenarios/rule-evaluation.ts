// Routing rule evaluation on one core: a workspace with 200 rules (keywords and phrases in
// Polish, channels, queues, tiers, business hours, patterns) against varied Polish contacts.
// The evaluation is the routing service's own code, run in its own process (benches use
// libs only); no infrastructure is involved. Goal: at least 5,000 contacts/s.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { intFromEnv } from '../env';
import { report } from '../report';

const REPO = join(__dirname, '..', '..', '..');
const rules = intFromEnv('BENCH_RULES', 200);
const seconds = intFromEnv('BENCH_SECONDS', 10);
const GOAL = 5000;

const output = execFileSync(process.execPath, [join(REPO, 'services', 'routing', 'dist', 'cli', 'rule-throughput.js')], {
  env: { ...process.env, BENCH_RULES: String(rules), BENCH_SECONDS: String(seconds) },
  encoding: 'utf8',
});
const measured = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
  contactsPerSecond: number;
  firingsPerContact: number;
  tokenisedPerSecond: number;
};
report(
  'rule-evaluation',
  { rules, seconds, cores: 1 },
  [
    { name: `contacts evaluated against ${rules} rules`, value: measured.contactsPerSecond, unit: 'contacts/s', kind: 'result' },
    { name: 'rules fired per contact (workload)', value: measured.firingsPerContact, unit: 'firings', kind: 'result' },
    {
      name: 'contacts only folded and indexed (no rules)',
      value: measured.tokenisedPerSecond,
      unit: 'contacts/s',
      kind: 'limit',
    },
  ],
  [
    measured.contactsPerSecond >= GOAL
      ? `goal met: ≥ ${GOAL} contacts/s on one core`
      : `goal missed: ${measured.contactsPerSecond} < ${GOAL} contacts/s on one core (machine load counts: see uptime)`,
  ],
);
