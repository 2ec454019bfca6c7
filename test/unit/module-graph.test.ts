// The app's module graph, read with TypeScript's own parser (a small madge):
// - no import cycles among common/, main/, preload/ and renderer/src/ (type-only imports
//   count too: a cycle of types is a tangle of modules all the same);
// - what the renderer's and the preload's bundles can reach (value imports only, as the
//   bundler sees them) holds no zod: only main builds the contract's schemas.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['common', 'main', 'preload', 'renderer/src'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f): f is string => f !== null),
    );
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

/** Modules a file imports for their values; `import type` and all-type specifier lists are erased by the build. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    const target = statement.moduleSpecifier;
    if (!target || !ts.isStringLiteral(target)) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
    } else if (statement.isTypeOnly) {
      continue;
    }
    specifiers.push(target.text);
  }
  return specifiers;
}

/** Every package the bundle of `entry` reaches through value imports. */
export function packagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(file)) {
      const local = resolveImport(file, specifier);
      if (local) walk(local);
      else if (!specifier.startsWith('.')) packages.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
    }
  };
  walk(entry);
  return packages;
}

describe('the renderer’s bundle', () => {
  it('reaches React and PatternFly but no zod, Node or Electron', () => {
    const reached = packagesReached(path.join(root, 'renderer/src/main.tsx'));
    expect(reached).toContain('react');
    expect(reached).toContain('@patternfly/react-core');
    for (const banned of ['zod', 'electron', 'conf', 'electron-store', 'stripe', 'liquidjs']) expect(reached, banned).not.toContain(banned);
    expect([...reached].filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});

describe('the preload script', () => {
  it('requires nothing but electron: a sandboxed preload can load no other module', () => {
    expect([...packagesReached(path.join(root, 'preload/index.ts'))]).toEqual(['electron']);
  });
});

describe('import cycles', () => {
  it('finds a cycle when there is one (the checker itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('there are none among the app’s modules', () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(root, folder)));
    expect(files.length).toBeGreaterThan(50);
    const cycles = findCycles(importGraph(files)).map((cycle) => cycle.map((f) => path.relative(root, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
