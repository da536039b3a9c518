import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The import graph DESIGN.md draws, checked on the source: the domain decides from data and `now` alone,
// application services (src/app) sit below both Slack listeners and jobs, the composition root wires
// services rather than reaching into a listener, and shipped code never needs test/ or bench/.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Edge {
  /** importing file, relative to the project (src/…) */
  from: string;
  /** a project file (src/…, test/…) for a relative specifier, else the package specifier as written */
  to: string;
}

interface Rule {
  name: string;
  breaks(edge: Edge): boolean;
}

/** Packages that do I/O or read the world: the domain gets their results as data instead. */
const IMPURE_PACKAGES = ['@slack/', '@octokit/', 'kysely', 'node-cron', 'better-sqlite3', 'pino', 'prom-client', 'node:'];

const under = (file: string, folder: string) => file.startsWith(`${folder}/`);
const isRelative = (specifier: string) => specifier.startsWith('.');

const RULES: Rule[] = [
  {
    name: 'src/domain imports only src/domain',
    breaks: ({ from, to }) => under(from, 'src/domain') && (isProjectFile(to) ? !under(to, 'src/domain') : IMPURE_PACKAGES.some((p) => to === p || to.startsWith(p))),
  },
  { name: 'src/slack never imports src/jobs', breaks: ({ from, to }) => under(from, 'src/slack') && under(to, 'src/jobs') },
  { name: 'src/main.ts never imports a listener', breaks: ({ from, to }) => (from === 'src/main.ts' || from === 'src/startBot.ts') && under(to, 'src/slack/listeners') },
  { name: 'src/jobs never imports a listener', breaks: ({ from, to }) => under(from, 'src/jobs') && under(to, 'src/slack/listeners') },
  {
    name: 'src/app (shared by listeners and jobs) imports neither',
    breaks: ({ from, to }) => under(from, 'src/app') && (under(to, 'src/jobs') || under(to, 'src/slack/listeners')),
  },
  { name: 'shipped code never imports test/ or bench/', breaks: ({ from, to }) => under(from, 'src') && (under(to, 'test') || under(to, 'bench')) },
];

/** A relative specifier resolves to a path in (or above) the project; anything else names a package. */
function isProjectFile(to: string): boolean {
  return /^(src|test|bench|bin|\.\.)\//.test(to);
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every static import, `export … from`, `import type` and dynamic `import('…')` of a file. */
function importsOf(file: string, source: string): Edge[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map(({ fileName: specifier }) => ({
    from: file,
    to: isRelative(specifier)
      ? relative(root, resolve(root, dirname(file), specifier)).split(/[\\/]/).join('/').replace(/\.js$/, '.ts')
      : specifier,
  }));
}

/** `Date.now()` and `new Date()` with no arguments: reading the clock, which only the shell does. */
function clockReads(file: string, source: string): string[] {
  const found: string[] = [];
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    const isDateNow = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
      && node.expression.expression.getText(sourceFile) === 'Date' && node.expression.name.text === 'now';
    const isNewDate = ts.isNewExpression(node) && node.expression.getText(sourceFile) === 'Date' && (node.arguments?.length ?? 0) === 0;
    if (isDateNow || isNewDate) {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      found.push(`${file}:${line + 1} ${node.getText(sourceFile)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function brokenEdges(edges: readonly Edge[]): string[] {
  return edges.flatMap((edge) => RULES.filter((rule) => rule.breaks(edge)).map((rule) => `${edge.from} → ${edge.to} (${rule.name})`));
}

const shipped = typeScriptFiles('src').map((file) => ({ file, source: readFileSync(join(root, file), 'utf8') }));
const graph = shipped.flatMap(({ file, source }) => importsOf(file, source));

describe('the import graph of src/', () => {
  it('is read from every file, static, re-exported, type-only and dynamic imports alike', () => {
    expect(shipped.length).toBeGreaterThan(100);
    expect(graph).toContainEqual({ from: 'src/startBot.ts', to: 'src/app/teamView.ts' });
    expect(graph).toContainEqual({ from: 'src/main.ts', to: 'src/startBot.ts' }); // await import('./startBot.js')
    expect(graph).toContainEqual({ from: 'src/cli.ts', to: 'src/cli/status.ts' }); // import('./cli/status.js')
    expect(graph).toContainEqual({ from: 'src/errors.ts', to: 'src/domain/errors.ts' }); // export … from
    expect(graph).toContainEqual({ from: 'src/app/teamView.ts', to: 'src/store/open.ts' }); // import type
    expect(graph).toContainEqual({ from: 'src/slack/app.ts', to: '@slack/bolt' });
  });

  it('has no edge that breaks the layering', () => {
    expect(brokenEdges(graph)).toEqual([]);
  });

  it('keeps the clock out of the domain: no Date.now() and no new Date() without a time', () => {
    expect(shipped.filter(({ file }) => file.startsWith('src/domain/')).flatMap(({ file, source }) => clockReads(file, source))).toEqual([]);
  });

  it('reports each offending edge with the rule it breaks', () => {
    const bad = [
      ...importsOf('src/domain/light.ts', "import { FlowlightError } from '../errors.js';\nimport { Kysely } from 'kysely';"),
      ...importsOf('src/slack/listeners/commands/flow-x.ts', "export { x } from '../../../jobs/poll.js';"),
      ...importsOf('src/main.ts', "const m = await import('./slack/listeners/homeView.js');"),
      ...importsOf('src/app/x.ts', "import type { ListenerDeps } from '../slack/listeners/deps.js';"),
      ...importsOf('src/jobs/x.ts', "import { seed } from '../../test/slack/seed.js';"),
      ...importsOf('src/domain/fine.ts', "import type { Light } from './types.js';"),
    ];
    expect(brokenEdges(bad)).toEqual([
      'src/domain/light.ts → src/errors.ts (src/domain imports only src/domain)',
      'src/domain/light.ts → kysely (src/domain imports only src/domain)',
      'src/slack/listeners/commands/flow-x.ts → src/jobs/poll.ts (src/slack never imports src/jobs)',
      'src/main.ts → src/slack/listeners/homeView.ts (src/main.ts never imports a listener)',
      'src/app/x.ts → src/slack/listeners/deps.ts (src/app (shared by listeners and jobs) imports neither)',
      'src/jobs/x.ts → test/slack/seed.ts (shipped code never imports test/ or bench/)',
    ]);
    expect(clockReads('src/domain/x.ts', 'const a = Date.now();\nconst b = new Date();\nconst c = new Date(a); // new Date() in a comment')).toEqual([
      'src/domain/x.ts:1 Date.now()',
      'src/domain/x.ts:2 new Date()',
    ]);
  });
});
