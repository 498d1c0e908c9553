/**
 * The whole platform as `scripts/platform.sh up` starts it (infrastructure, the eight services,
 * the provider sandbox), on its own port base and state dir, beside any other platform:
 * - time to all healthy: a cold `up` of a fresh state dir, then a warm `down` + `up`, each split
 *   by the script's own steps (bootstrap, infrastructure, demo workspace, services);
 * - after BENCH_IDLE_SECONDS idle, the memory of every process of the stack per component (its leader's process tree)
 *   (Kafka's JVM, PostgreSQL, FerretDB, Dovecot, Postfix, each service, the sandbox) and in total:
 *   RSS summed over processes (what the goal names; it counts pages shared between processes,
 *   such as PostgreSQL's shared buffers, once per process) and PSS (shared pages split between
 *   their sharers, so the total is what the stack really holds).
 * Goals (issue 12): idle RSS at most 2.5 GB, warm `up` to all healthy at most 30 s.
 * Beside them, the machine's raw limits of the same run: cores, memory, load.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { intFromEnv } from '../env';
import { report, type Figure } from '../report';

const REPO = join(__dirname, '..', '..', '..');
const IDLE_RSS_GOAL_MB = 2.5 * 1024;
const WARM_UP_GOAL_S = 30;
const INFRA = ['kafka', 'postgres', 'ferretdb', 'dovecot', 'postfix'];
const SERVICES = ['gateway', 'channel-email', 'channel-voice', 'channel-social', 'tickets', 'routing', 'sla', 'reporting'];

const portBase = intFromEnv('BENCH_PLATFORM_PORT_BASE', 24000);
const idleSeconds = intFromEnv('BENCH_IDLE_SECONDS', 60);
/** The script measured: another version of platform.sh can be compared on the same machine. */
const platformScript = process.env.BENCH_PLATFORM_SCRIPT ?? 'scripts/platform.sh';
const platformDir =
  process.env.BENCH_PLATFORM_DIR ??
  join(process.env.THREADLINE_STATE_DIR ?? join(REPO, '.local', 'bench-infra'), 'platform-footprint');
const infraDir = join(platformDir, 'infra');
/** Only this platform's settings: the bench's own infrastructure variables must not leak into it. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(KAFKA_|MONGO_|POSTGRES_|IMAP_|SMTP_|LMTP_|THREADLINE_STATE_DIR$|KAFKA_BROKERS$)/.test(k),
    ),
  ),
  PLATFORM_PORT_BASE: String(portBase),
  THREADLINE_PLATFORM_DIR: platformDir,
  THREADLINE_STATE_DIR: infraDir,
};

interface Run {
  seconds: number;
  /** CPU seconds of the script and everything it waited for (not the servers it left running). */
  cpu: number;
  /** Seconds from the command's start to each `==> step` line it printed. */
  steps: { at: number; line: string }[];
}

/** Runs a script to its end, its output kept in the platform's log dir, its `==>` lines timed. */
/** CPU seconds of this process's children that have exited and been reaped. */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS;
}

function script(args: string[]): Promise<Run> {
  const started = performance.now();
  const cpuBefore = childrenCpu();
  const steps: Run['steps'] = [];
  let output = '';
  return new Promise((resolve, reject) => {
    const child = spawn('bash', args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      const at = (performance.now() - started) / 1000;
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.startsWith('==>')) steps.push({ at, line });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, steps, cpu: childrenCpu() - cpuBefore });
      else reject(new Error(`bash ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Checks what the script said: every service answers /health on its port at the base. */
async function allHealthy(): Promise<boolean> {
  const answers = await Promise.all(
    SERVICES.map((_, i) =>
      fetch(`http://127.0.0.1:${portBase + i}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    ),
  );
  return answers.every(Boolean);
}

/** Kernel clock ticks per second (USER_HZ), the unit of CPU times in /proc. */
const TICKS = 100;

interface Proc {
  pid: number;
  parent: number;
  /** CPU seconds, user + system. */
  cpu: number;
  rssKb: number;
  pssKb: number;
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), in parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      const pss = /Pss:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'));
      found.push({ pid: Number(entry), parent, cpu, rssKb: Number(rss?.[1] ?? 0), pssKb: Number(pss?.[1] ?? 0) });
    } catch {
      // exited while we looked, or a kernel thread without those files
    }
  }
  return found;
}

/** A component's leader (its pid file) and every process it started (PostgreSQL's backends leave its session: by parent). */
function tree(all: Proc[], leader: number): Proc[] {
  const members = all.filter((p) => p.pid === leader);
  for (let i = 0; i < members.length; i++) members.push(...all.filter((p) => p.parent === members[i].pid));
  return members;
}

/** Every component is started with its leader's pid in a pid file. */
function components(): { name: string; leader: number }[] {
  const read = (file: string) => (existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0);
  return [
    ...INFRA.map((name) => ({ name, leader: read(join(infraDir, 'pids', `${name}.pid`)) })),
    ...[...SERVICES, 'provider-sandbox'].map((name) => ({ name, leader: read(join(platformDir, 'pids', `${name}.pid`)) })),
  ];
}

async function main() {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const limits: Figure[] = [
    { name: 'cores', value: cpus().length, unit: '', kind: 'limit' },
    { name: 'memory total', value: Math.round(totalmem() / 2 ** 20), unit: 'MB', kind: 'limit' },
  ];

  // A cold start: nothing of an earlier run, data dirs outside the state dir included.
  await script([platformScript, 'down']).catch(() => undefined);
  await script(['scripts/infra.sh', 'reset']);
  rmSync(platformDir, { recursive: true, force: true });

  try {
    const cold = await script([platformScript, 'up']);
    if (!(await allHealthy())) throw new Error('platform.sh up returned, but not every service answers /health');
    const down = await script([platformScript, 'down']);
    const warm = await script([platformScript, 'up']);
    if (!(await allHealthy())) throw new Error('platform.sh up returned, but not every service answers /health');
    // The servers the warm `up` started have run only since then: their CPU so far is its cost too.
    const started = processes();
    const serversCpu = components().reduce((sum, c) => sum + tree(started, c.leader).reduce((s, p) => s + p.cpu, 0), 0);
    figures.push(
      { name: 'cold up → all healthy (fresh state dir)', value: round(cold.seconds), unit: 's', kind: 'result' },
      { name: 'down', value: round(down.seconds), unit: 's', kind: 'result' },
      { name: 'warm up → all healthy', value: round(warm.seconds), unit: 's', kind: 'result' },
      // Load-independent: what the warm start costs in CPU, whatever share of the cores it got.
      { name: 'warm up CPU: the script and what it waited for', value: round(warm.cpu), unit: 'CPU s', kind: 'result' },
      { name: 'warm up CPU: the servers it started, until healthy', value: round(serversCpu), unit: 'CPU s', kind: 'result' },
    );
    for (const [name, run] of [
      ['cold', cold],
      ['warm', warm],
    ] as const)
      notes.push(
        `${name} up, seconds at each step: ${run.steps.map((s) => `${round(s.at)} ${s.line.slice(4, 60)}`).join(' | ')}`,
      );
    const warmOk = warm.seconds <= WARM_UP_GOAL_S;

    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const all = processes();
    let rssKb = 0;
    let pssKb = 0;
    let count = 0;
    for (const { name, leader } of components()) {
      const members = leader ? tree(all, leader) : [];
      if (members.length === 0) notes.push(`${name}: no process found (pid file ${leader || 'missing'})`);
      const rss = members.reduce((s, p) => s + p.rssKb, 0);
      const pss = members.reduce((s, p) => s + p.pssKb, 0);
      rssKb += rss;
      pssKb += pss;
      count += members.length;
      figures.push({
        name: `idle RSS ${name} (${members.length} proc, PSS ${Math.round(pss / 1024)} MB)`,
        value: Math.round(rss / 1024),
        unit: 'MB',
        kind: 'result',
      });
    }
    figures.push(
      { name: `idle RSS total (${count} processes)`, value: Math.round(rssKb / 1024), unit: 'MB', kind: 'result' },
      { name: 'idle PSS total', value: Math.round(pssKb / 1024), unit: 'MB', kind: 'result' },
    );
    const rssOk = rssKb / 1024 <= IDLE_RSS_GOAL_MB;
    notes.push(
      `warm up ${round(warm.seconds)} s: ${warmOk ? 'meets' : 'MISSES'} the goal of at most ${WARM_UP_GOAL_S} s`,
      `idle RSS ${round(rssKb / 2 ** 20, 2)} GB (PSS ${round(pssKb / 2 ** 20, 2)} GB): ${rssOk ? 'meets' : 'MISSES'} the goal of at most 2.5 GB`,
    );
  } finally {
    const [one, five, fifteen] = loadavg();
    limits.push(
      { name: 'memory free (at the idle measurement)', value: Math.round(freemem() / 2 ** 20), unit: 'MB', kind: 'limit' },
      { name: 'load average 1 min', value: round(one, 2), unit: '', kind: 'limit' },
      { name: 'load average 5 min', value: round(five, 2), unit: '', kind: 'limit' },
      { name: 'load average 15 min', value: round(fifteen, 2), unit: '', kind: 'limit' },
    );
    await script([platformScript, 'down']).catch((e: Error) => notes.push(`down failed: ${e.message}`));
  }
  report('platform-footprint', { portBase, idleSeconds, platformDir, platformScript }, [...figures, ...limits], notes);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
