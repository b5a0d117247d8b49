import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// No import cycles (issue 9): a module's static value imports never lead back to it. Type-only imports are
// erased by the compiler and dynamic `import()` loads later, so neither makes a cycle at load time.
const ROOT = path.resolve(import.meta.dirname, '..');
const STATEMENT = /^(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?'([^']+)';/gm;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Whether an import's names are all types (`{ type A, type B }`): erased like `import type`. */
const onlyTypes = (names: string | undefined) =>
  !!names &&
  /^\{[\s\S]*\}$/.test(names.trim()) &&
  names
    .trim()
    .slice(1, -1)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .every((name) => name.startsWith('type '));

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((file) => fs.existsSync(file));
}

/** Every file's static value imports within the tree. */
function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => sourceFiles(path.join(ROOT, folder)))) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [...text.matchAll(STATEMENT)]
      .filter(([, typeOnly, names]) => !typeOnly && !onlyTypes(names))
      .map(([, , , specifier]) => resolve(file, specifier!))
      .filter((target): target is string => target !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph, one per strongly connected part (Tarjan), each as the files in it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    let member: string;
    do part.push((member = stack.pop()!));
    while (member !== file);
    if (part.length > 1 || graph.get(file)!.includes(file)) found.push(part.map((f) => path.relative(ROOT, f)));
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('import cycles', () => {
  it('finds a cycle where there is one, and none through type-only imports', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph).map((part) => part.sort())).toEqual([['a', 'b', 'c']]);
    expect(onlyTypes('{ type A, type B }')).toBe(true);
    expect(onlyTypes('{ type A, b }')).toBe(false);
    expect(onlyTypes('Default')).toBe(false);
  });

  it('src/ and web/src/ have none', () => {
    const graph = importGraph(['src', 'web/src']);
    expect(graph.size).toBeGreaterThan(300);
    expect(cycles(graph)).toEqual([]);
  });
});
