/**
 * Where a service's CPU went: a V8 `.cpuprofile` (node --cpu-prof, see BENCH_CPU_PROFILE_DIR in scripts/bench.sh)
 * summed by function and by package, self time (the function itself) and total time (it and what it called;
 * a function on the stack twice counts once).
 * Usage: node bench/dist/cpu-profile-summary.js <file.cpuprofile> [rows: 30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `mongodb`, `@nestjs/core`, ours by folder (`services/reporting`, `libs/kafka`), `node:` for node's own, or V8's `(gc)`. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    // A workspace package linked into node_modules is ours: named by its folder below.
    if (first !== '@threadline') return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const ours = /\/((?:services|libs|apps|bench)\/[^/]+)\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node:';
  return url;
}

function summarise(profile: Profile, rows: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnKey = (n: ProfileNode) => {
    const file = n.callFrame.url.replace(/^.*\/(node_modules|services|libs)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const pkgKey = (n: ProfileNode) => packageOf(n.callFrame.url, n.callFrame.functionName);
  const selfFn = new Map<string, number>();
  const totalFn = new Map<string, number>();
  const selfPkg = new Map<string, number>();
  const totalPkg = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  let all = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(profile.samples[i])!;
    all += us;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    add(selfFn, fnKey(leaf), us);
    add(selfPkg, pkgKey(leaf), us);
    const fns = new Set<string>();
    const pkgs = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      if (n.callFrame.functionName === '(root)') break;
      fns.add(fnKey(n));
      pkgs.add(pkgKey(n));
    }
    for (const k of fns) add(totalFn, k, us);
    for (const k of pkgs) add(totalPkg, k, us);
  }
  const busy = all - idle;
  const table = (title: string, m: Map<string, number>) => {
    const lines = [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(9)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
    return [`-- ${title}`, ...lines].join('\n');
  };
  return [
    `profiled ${(all / 1e6).toFixed(1)} s, busy (not idle) ${(busy / 1e6).toFixed(1)} s; percentages of busy`,
    table('self time by package', selfPkg),
    table('total time by package', totalPkg),
    table('self time by function', selfFn),
    table('total time by function', totalFn),
  ].join('\n\n');
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/dist/cpu-profile-summary.js <file.cpuprofile> [rows]');
    process.exit(2);
  }
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(rows ?? 30)));
}
