/**
 * Where a server CPU profile (written by `npm run bench -- --cpu-prof DIR`) spends its busy time:
 * `node dist/bench/load/profile-summary.js FILE [SKIP_SECONDS]` prints the functions and the packages
 * with the most self time, idle excluded, after skipping the first SKIP_SECONDS (start-up and warm-up:
 * take the cold start the benchmark printed, plus a little).
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> (scoped or not), node:internal, or Latchkey's own file. */
function where(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const own = /\/(dist\/src\/.*)$/.exec(url);
  return own ? own[1]! : url || '(native)';
}

function top(times: Map<string, number>, busy: number, count: number): string[] {
  return [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `${((us / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

const [file, skip = '0'] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node dist/bench/load/profile-summary.js FILE.cpuprofile [SKIP_SECONDS]');
  process.exit(2);
}
{
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  const from = profile.startTime + Number(skip) * 1_000_000; // microseconds
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (at < from || functionName === '(idle)' || functionName === '(program)') return;
    busy += us;
    const name = `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const place = functionName === '(garbage collector)' ? '(garbage collector)' : where(url);
    places.set(place, (places.get(place) ?? 0) + us);
  });
  console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy after ${skip} s (self time, idle excluded)`);
  console.log('\nBy function:\n' + top(functions, busy, 30).join('\n'));
  console.log('\nBy package or file:\n' + top(places, busy, 25).join('\n'));
}
