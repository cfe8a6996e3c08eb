#!/usr/bin/env node
// Checks what we publish, not what the workspace sees: packs every published package (pnpm rewrites
// `workspace:*` to real versions), lints each tarball with publint and arethetypeswrong, checks the
// peer ranges, that each entry point's types declare the same values its JavaScript exports and that
// every exported name has TSDoc, then (with --smoke) installs the tarballs with npm into throwaway
// projects the way a user would (tooling/smoke/run.mjs). Run by `pnpm test` (tooling/smoke/) and `pnpm release`.
//
//   node tooling/scripts/check-packages.mjs [--smoke] [--out <dir>] [--keep] [--skip <name>]
//
// --out keeps the tarballs in <dir>; otherwise they go to a temp dir, removed at the end (--keep: not).
// --skip leaves out one package, for local work on a package that is not ready to be packed yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const started = Date.now();
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`  ✗ ${message}`);
};
const ok = (message) => console.log(`  ✓ ${message}`);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Every package under packages/ that is not private: what `changeset publish` would publish. */
function publishedPackages() {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => existsSync(join(path, 'package.json')))
    .map((path) => ({ path, json: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) }))
    .filter(({ json }) => !json.private && json.name !== option('--skip'))
    .sort((a, b) => a.json.name.localeCompare(b.json.name));
}

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function runAsync(cmd, cmdArgs, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolvePromise({ status: status ?? 1, output }));
  });
}

const packages = publishedPackages();

// turbo builds a package before smoke's `test` only if smoke depends on it; a published package
// missing there could be checked against a stale or missing dist.
const smokeDeps = JSON.parse(readFileSync(join(root, 'tooling', 'smoke', 'package.json'), 'utf8')).devDependencies ?? {};
for (const { json } of packages) {
  if (!smokeDeps[json.name]) {
    fail(
      `${json.name} is published but not a devDependency of tooling/smoke/package.json ("${json.name}": "workspace:*"), so turbo would not build it before these checks`,
    );
  }
}
for (const { path, json } of packages) {
  if (!existsSync(join(path, 'dist'))) fail(`${json.name} has no dist/: build it first (pnpm build)`);
}
if (failures.length) process.exit(1);

// 0. The peer ranges we promise (and test: Express 4 and 5, React 18 and 19 in their packages, Nest 10
// and 11 in tooling/smoke/, Nest 12 in packages/nest).
const PEERS = {
  '@fyno-kit/express': { express: '^4.21 || ^5' },
  '@fyno-kit/fastify': { fastify: '^5' },
  '@fyno-kit/koa': { koa: '^2.15 || ^3' },
  '@fyno-kit/nest': { '@nestjs/common': '^10 || ^11 || ^12', '@nestjs/core': '^10 || ^11 || ^12', '@nestjs/platform-fastify': '^10 || ^11 || ^12' },
  '@fyno-kit/react': { react: '^18 || ^19' },
};
console.log('peer dependency ranges');
for (const [name, expected] of Object.entries(PEERS)) {
  const json = packages.find((p) => p.json.name === name)?.json;
  if (!json) continue;
  for (const [peer, range] of Object.entries(expected)) {
    const declared = json.peerDependencies?.[peer];
    if (declared !== range) fail(`${name}: peer ${peer} is "${declared}", expected "${range}"`);
    else ok(`${name}: ${peer} ${range}`);
  }
}
if (failures.length) process.exit(1);

// 1. Pack, as `changeset publish` would (pnpm pack applies `files`, `publishConfig`, workspace:*).
const out = option('--out') ? resolve(option('--out')) : mkdtempSync(join(tmpdir(), 'fyno-kit-pack-'));
mkdirSync(out, { recursive: true });
console.log(`Packing ${packages.length} packages into ${out}`);
const filters = packages.flatMap(({ json }) => ['--filter', json.name]);
const packed = run(npx, ['-y', 'pnpm@10.34.9', '-r', ...filters, 'pack', '--pack-destination', out]);
if (packed.status !== 0) {
  console.error(packed.output);
  process.exit(1);
}
const tarballOf = (json) => join(out, `${json.name.replace(/^@/, '').replace('/', '-')}-${json.version}.tgz`);
for (const { json } of packages) {
  if (!existsSync(tarballOf(json))) fail(`no tarball for ${json.name} at ${tarballOf(json)}`);
}
if (failures.length) process.exit(1);

// 2. publint on each tarball: errors and warnings fail, suggestions are printed.
console.log('\npublint');
for (const { json } of packages) {
  const tarball = readFileSync(tarballOf(json));
  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  const bad = messages.filter((m) => m.type !== 'suggestion');
  for (const m of messages) {
    const text = `${json.name}: ${m.type} ${m.code}: ${formatMessage(m, pkg) ?? ''}`;
    m.type === 'suggestion' ? console.log(`  · ${text}`) : fail(text);
  }
  if (!bad.length) ok(`${json.name}: no errors or warnings`);
}

// 3. arethetypeswrong on each tarball, for node10, node16 (CJS and ESM) and bundler: the default
// "strict" profile. No --ignore-rules: core's `./server` subpath resolves under node10 through the
// `server/package.json` stub folder, and the `node` / default split in core's exports only picks the
// transport at run time (undici or fetch). Both halves share index.d.ts / index.d.cts, so Node apps on
// `moduleResolution: bundler` (no `node` condition) see the Node types; step 4 checks that the fetch
// build really exports every value those types declare.
console.log('\narethetypeswrong (node10, node16-CJS, node16-ESM, bundler)');
const attwBin = join(root, 'node_modules', '.bin', 'attw');
const attwResults = await Promise.all(
  packages.map(({ json }) => runAsync(attwBin, [tarballOf(json), '--profile', 'strict', '--format', 'table-flipped', '--no-color'])),
);
packages.forEach(({ json }, i) => {
  const { status, output } = attwResults[i];
  if (status === 0) ok(`${json.name}: green`);
  else fail(`${json.name}: attw found problems\n${output}`);
});

// 4. Types say what the JavaScript exports: for every subpath and condition of `exports`, the value
// names in the .d.ts equal the runtime module's keys. (attw resolves files; it does not compare names.)
// It caught core's fetch build lacking `drainOnSignals` while sharing the Node build's types.
console.log('\ntypes vs runtime exports');
function conditionPairs(entry, conditions = []) {
  if (typeof entry === 'string') return [];
  if (entry.types && entry.default) return [{ conditions, types: entry.types, js: entry.default }];
  return Object.entries(entry).flatMap(([key, value]) => conditionPairs(value, [...conditions, key]));
}
function declaredValues(typesFile) {
  const program = ts.createProgram([typesFile], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(typesFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read ${typesFile}`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((symbol) => symbol.name)
    .sort();
}
for (const { path, json } of packages) {
  const req = createRequire(join(path, 'package.json'));
  for (const [subpath, entry] of Object.entries(json.exports ?? {})) {
    for (const pair of conditionPairs(entry)) {
      const label = `${json.name}${subpath.slice(1)} [${pair.conditions.join('.')}]`;
      const jsFile = join(path, pair.js);
      const isCjs = pair.js.endsWith('.cjs') || pair.conditions.includes('require');
      const runtime = Object.keys(isCjs ? req(jsFile) : await import(pathToFileURL(jsFile).href))
        .filter((k) => k !== 'default' && k !== '__esModule')
        .sort();
      const declared = declaredValues(join(path, pair.types));
      const missing = declared.filter((k) => !runtime.includes(k));
      const undeclared = runtime.filter((k) => !declared.includes(k));
      if (missing.length || undeclared.length) {
        fail(
          `${label}: ${pair.types} declares [${missing.join(', ')}] that ${pair.js} lacks; ${pair.js} exports [${undeclared.join(', ')}] that ${pair.types} lacks`,
        );
      } else ok(`${label}: ${runtime.length} values`);
    }
  }
}

// 5. TSDoc on every exported name (types and values) of every entry point: it is what editors show.
console.log('\nTSDoc on exported names');
for (const { path, json } of packages) {
  const typesFiles = new Set(Object.values(json.exports ?? {}).flatMap((entry) => conditionPairs(entry).map((pair) => join(path, pair.types))));
  for (const typesFile of typesFiles) {
    const program = ts.createProgram([typesFile], { noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(typesFile));
    const exported = checker.getExportsOfModule(moduleSymbol);
    const undocumented = exported
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return !ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
      })
      .map((symbol) => symbol.name);
    const label = `${json.name}: ${typesFile.slice(path.length + 1)}`;
    if (undocumented.length) fail(`${label}: no TSDoc on ${undocumented.join(', ')}`);
    else ok(`${label}: ${exported.length} names documented`);
  }
}

console.log(`\npack checks: ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length) {
  console.error(`\n${failures.length} problem(s) in the packed packages`);
  process.exit(1);
}

if (flag('--smoke')) {
  const smoke = run(process.execPath, [join(root, 'tooling', 'smoke', 'run.mjs'), out], { stdio: 'inherit' });
  if (smoke.status !== 0) process.exit(smoke.status);
}
if (!option('--out') && !flag('--keep')) rmSync(out, { recursive: true, force: true });
console.log(`\nall package checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
