/**
 * The layout the project holds itself to: no import cycles in lib/ (type-only and dynamic
 * imports count: a cycle of types still ties two modules together), and the CLI as a
 * table of command families, each in a module of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { COMMANDS } from '../../lib/cli/run.js';

const LIB = path.resolve(__dirname, '..', '..', 'lib');

function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Each module's relative imports, static, type-only and dynamic alike. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modules(LIB)) {
    const text = fs.readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => path.join(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, stack: string[]): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, stack);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return found;
}

describe('the layout of lib/', () => {
  test('no module imports one that imports it back, through any chain', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(cycles(graph).map((c) => c.map((f) => path.relative(LIB, f)).join(' -> '))).toEqual([]);
  });

  test('the cycle finder finds a cycle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', []]]))).toEqual([['a', 'b', 'c', 'a']]);
  });

  test('the CLI is a table of command families, each defined in a module of its own', () => {
    const defined = new Map<string, string>();
    for (const file of modules(path.join(LIB, 'cli'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/export const (\w+Commands)\b/g)) defined.set(m[1]!, path.basename(file));
    }
    const run = fs.readFileSync(path.join(LIB, 'cli', 'run.ts'), 'utf8');
    const listed = [...run.slice(run.indexOf('export const COMMANDS')).matchAll(/^\s+(\w+Commands),$/gm)].map((m) => m[1]!);
    expect(listed.length).toBe(COMMANDS.length);
    for (const name of listed) expect(defined.get(name), name).toMatch(/\.ts$/);
    // No two families share a module but ping's pair (ping and traceroute share iputils' grammar).
    const files = listed.map((n) => defined.get(n));
    expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual(['ping.ts']);
    expect(run).not.toMatch(/switch \(/);
  });
});
