/**
 * Summarises V8 CPU profiles (`.cpuprofile`, from `node --cpu-prof`; the benches write them with
 * BENCH_CPU_PROFILE_DIR): where a service process spent its CPU, by self time and by total time
 * (self plus everything it called, each function counted once per stack), per function and per
 * package (`node_modules/<pkg>`, our `libs/<name>` and `services/<name>`, `node:` internals).
 * Usage: node bench/dist/cpu-profile-summary.js <file.cpuprofile | dir> [rows per table: 25] [name filter]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a script belongs: a package of node_modules, one of our libs or services, node itself, or V8's own work. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const ours = /\/(libs|services|bench)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const ours = /\/((libs|services|bench)\/.*)$/.exec(url);
  return ours ? ours[1] : url;
}

function summarise(file: string, rows: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample time per node (µs): each sample's delta is the time until the next one.
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const fnKey = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const pkgKey = (n: ProfileNode) => packageOf(n.callFrame.url, n.callFrame.functionName);
  const selfFn = new Map<string, number>();
  const selfPkg = new Map<string, number>();
  const totalFn = new Map<string, number>();
  const totalPkg = new Map<string, number>();
  const oursFn = new Map<string, number>();
  let all = 0;
  let idle = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    all += us;
    if (node.callFrame.functionName === '(idle)') idle += us;
    add(selfFn, fnKey(node), us);
    add(selfPkg, pkgKey(node), us);
    // Total: this sample counts once for every distinct function and package on its stack.
    const fns = new Set<string>();
    const pkgs = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (n.callFrame.functionName === '(root)') continue;
      fns.add(fnKey(n));
      pkgs.add(pkgKey(n));
    }
    // Ours: the innermost frame of our own code (libs/, services/) on the stack, with the leaf's package.
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!/^(libs|services)\//.test(pkgKey(n))) continue;
      add(oursFn, `${fnKey(n)} → ${pkgKey(node)}`, us);
      break;
    }
    for (const k of fns) add(totalFn, k, us);
    for (const k of pkgs) add(totalPkg, k, us);
  }
  const busy = all - idle;
  const table = (title: string, m: Map<string, number>) => {
    console.log(`\n  ${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
      console.log(`  ${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle); % of busy`);
  table('self time by package', selfPkg);
  table('total time by package', totalPkg);
  table('self time by function', selfFn);
  table('total time by function', totalFn);
  table('time by the innermost function of ours on the stack → the package of the leaf', oursFn);
}

const [target, rowsArg, filter] = process.argv.slice(2);
if (!target) {
  console.error('usage: cpu-profile-summary <file.cpuprofile | dir> [rows] [name filter]');
  process.exit(2);
}
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile') && (!filter || f.includes(filter)))
      .map((f) => join(target, f))
  : [target];
for (const file of files) summarise(file, Number(rowsArg ?? 25));
