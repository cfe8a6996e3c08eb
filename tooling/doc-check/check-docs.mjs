#!/usr/bin/env node
// The docs are code: every ```ts / ```tsx block of the root README, packages/*/README.md and docs/*.md
// is written to a file and type-checked with `tsc` against the BUILT packages (this package depends
// on them, so turbo builds them first), and every relative link must resolve. A package README is
// read on npm, where only its tarball exists: its links may point only at files the `files` field
// publishes; anything else must be an absolute link to the repository (checked to exist here too).
//
// A block may be preceded by one HTML comment, invisible on GitHub and npm:
//
//   <!-- doc-check file=app/page.tsx requires=@fyno-kit/fastify
//   import { z } from 'zod';            ← a hidden prelude (lines before the block)
//   -->
//
//   file=…      the block's file name inside its document's folder (so blocks can import each other)
//   requires=…  check the block only when that package is installed here (a package on another branch)
//   skip=…      not code (a signature listing); the reason is printed
//   notypecheck=…  a guide file whose run type-checks it in the real project (nest build, next build)
//
// run-guides.mjs reads more markers from the same comments, to run each guide: tooling/doc-check/README.md.
//
//   node tooling/doc-check/check-docs.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './guide-steps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const generated = join(here, '.generated');
const REPO_BLOB = /^https:\/\/github\.com\/fyno-kit\/fyno-kit\/(?:blob|tree)\/main\/([^#?]*)/;
const require = createRequire(join(here, 'package.json'));
const started = Date.now();

/** The documents: root README, every package README, every guide. */
function documents() {
  const docs = ['README.md'];
  for (const name of readdirSync(join(root, 'packages'))) {
    if (existsSync(join(root, 'packages', name, 'README.md'))) docs.push(`packages/${name}/README.md`);
  }
  if (existsSync(join(root, 'docs'))) {
    for (const name of readdirSync(join(root, 'docs')).sort()) if (name.endsWith('.md')) docs.push(`docs/${name}`);
  }
  return docs;
}

/** Fenced code blocks with their language, 1-based first code line, and the doc-check comment before them. */
function codeBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const lang = open[3].toLowerCase();
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    const indent = open[1].length;
    const code = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)));
    // The directive: one of the HTML comments right above the fence (others, e.g. `<!-- recipe: … -->`, may sit between).
    let directive;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    while (!directive && j >= 0 && lines[j].trim().endsWith('-->')) {
      let k = j;
      while (k >= 0 && !lines[k].includes('<!--')) k--;
      const comment = lines.slice(Math.max(k, 0), j + 1).join('\n');
      const m = /<!--\s*doc-check\b([^\n]*?)(?:-->|\n([\s\S]*?)-->)/.exec(comment);
      if (m) {
        // key=value pairs only: a directive may carry a free-text note after them.
        const options = Object.fromEntries(Object.entries(parseOptions(m[1])).filter(([, v]) => v !== true));
        const skip = /\bskip=(.*?)(?:-->|$)/.exec(m[1]);
        if (skip) options.skip = skip[1].trim();
        directive = { options, prelude: m[2] ? m[2].replace(/\s+$/, '') : '' };
      }
      j = k - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
    }
    blocks.push({ lang, line: i + 2, code: code.join('\n'), directive });
    i = end;
  }
  return blocks;
}

function isInstalled(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

// ---- 1. type-check the blocks ------------------------------------------------------------------
rmSync(generated, { recursive: true, force: true });
mkdirSync(generated, { recursive: true });
const fileMap = new Map(); // generated file → { doc, line, preludeLines }
const skipped = [];
let checked = 0;
const perDoc = [];
const folders = [];
for (const doc of documents()) {
  const text = readFileSync(join(root, doc), 'utf8');
  let folder = join(generated, doc.replace(/\.md$/, '').replace(/[^\w/-]/g, '_'));
  folders.push(folder);
  let count = 0;
  for (const block of codeBlocks(text)) {
    if (block.lang !== 'ts' && block.lang !== 'tsx' && block.lang !== 'typescript') continue;
    const options = block.directive?.options ?? {};
    if (options.skip) {
      skipped.push(`${doc}:${block.line} (${options.skip})`);
      continue;
    }
    if (options.notypecheck) {
      // Run by run-guides.mjs in its real project, whose build type-checks it (e.g. a file that
      // imports the rest of a generated scaffold).
      skipped.push(`${doc}:${block.line} (type-checked by its guide's run: ${options.notypecheck})`);
      continue;
    }
    if (options.requires && !isInstalled(options.requires)) {
      skipped.push(`${doc}:${block.line} (needs ${options.requires}, not in this tree)`);
      continue;
    }
    const ext = block.lang === 'tsx' ? 'tsx' : 'ts';
    const name = options.file ?? `block-${block.line}.${ext}`;
    const prelude = block.directive?.prelude ?? '';
    const preludeLines = prelude ? prelude.split('\n').length : 0;
    // A second file of the same name belongs to another project of the guide (testing.md: one for
    // Vitest, one for Jest): it and the blocks after it go to a folder of their own.
    if (fileMap.has(join(folder, name))) folder = join(folder, `project-${block.line}`);
    const file = join(folder, name);
    if (fileMap.has(file)) throw new Error(`${doc}:${block.line}: a second block named ${name}`);
    mkdirSync(dirname(file), { recursive: true });
    // `export {}` makes every block a module: its names are its own, and top-level await works.
    writeFileSync(file, `${prelude}${prelude ? '\n' : ''}${block.code}\nexport {};\n`);
    fileMap.set(file, { doc, line: block.line, preludeLines });
    count++;
  }
  checked += count;
  perDoc.push(`${doc}: ${count}`);
}
writeFileSync(
  join(generated, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types'), join(here, 'node_modules', '@types')],
        jsx: 'react-jsx',
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
        skipLibCheck: true,
        allowUnreachableCode: true,
        ignoreDeprecations: '6.0',
        // An app's own modules that guides import: `@/auth` is a typed stand-in in tooling/doc-check/stubs,
        // `@/lib/…` another block of the same guide (Next.js's default alias).
        paths: { '@/*': [join(here, 'stubs', '*'), ...folders.map((f) => join(f, '*'))] },
      },
      include: ['**/*.ts', '**/*.tsx'],
    },
    null,
    2,
  ),
);

console.log(`doc-check: type-checking ${checked} ts/tsx blocks against the built packages`);
for (const line of perDoc) console.log(`  · ${line}`);
for (const s of skipped) console.log(`  - skipped ${s}`);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', generated, '--pretty', 'false'], { cwd: generated, encoding: 'utf8' });
const failures = [];
if (result.status !== 0) {
  // Point each error at the Markdown line it comes from.
  for (const raw of `${result.stdout}${result.stderr}`.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(raw);
    const info = m && fileMap.get(resolve(generated, m[1]));
    if (info) {
      const codeLine = Number(m[2]) - info.preludeLines;
      const where = codeLine >= 1 ? `${info.doc}:${info.line + codeLine - 1}` : `${info.doc}:${info.line} (prelude line ${m[2]})`;
      failures.push(`${where}: ${m[4]}`);
    } else if (raw.trim()) failures.push(raw);
  }
  if (failures.length === 0) failures.push(`tsc exited ${result.status}`);
}

// ---- 2. links ----------------------------------------------------------------------------------
/** The published files of a package (its `files` field, plus what npm always packs). */
function publishedCheck(pkgDir) {
  const json = JSON.parse(readFileSync(join(root, pkgDir, 'package.json'), 'utf8'));
  const entries = [...(json.files ?? []), 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  return (relPath) => entries.some((e) => relPath === e.replace(/\/$/, '') || relPath.startsWith(`${e.replace(/\/$/, '')}/`));
}

let links = 0;
const slug = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchorsOf = (file) => {
  const text = readFileSync(file, 'utf8').replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, '');
  const seen = new Map();
  const anchors = new Set();
  for (const m of text.matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const base = slug(m[1].replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
};
for (const doc of documents()) {
  const text = readFileSync(join(root, doc), 'utf8').replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '));
  const pkgDir = doc.startsWith('packages/') ? dirname(doc) : undefined;
  const isPublished = pkgDir ? publishedCheck(pkgDir) : undefined;
  const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/href="([^"]+)"/g)];
  for (const m of targets) {
    const target = m[1];
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${doc}:${line}`;
    if (/^(mailto:|tel:)/.test(target)) continue;
    const repoPath = REPO_BLOB.exec(target)?.[1];
    if (/^[a-z]+:/i.test(target) && repoPath === undefined) continue; // another site: not checked offline
    links++;
    const [pathPart, anchor] = (repoPath ?? target).split('#');
    const file =
      repoPath !== undefined ? join(root, decodeURI(pathPart)) : pathPart === '' ? join(root, doc) : resolve(root, dirname(doc), decodeURI(pathPart));
    if (!existsSync(file)) {
      failures.push(`${where}: link ${target} → ${relative(root, file)} does not exist`);
      continue;
    }
    if (anchor && file.endsWith('.md') && statSync(file).isFile() && !anchorsOf(file).has(anchor)) {
      failures.push(`${where}: link ${target}: no heading #${anchor} in ${relative(root, file)}`);
      continue;
    }
    if (isPublished && repoPath === undefined) {
      const inPackage = relative(join(root, pkgDir), file);
      if (inPackage.startsWith('..') || !isPublished(inPackage.replace(/\\/g, '/'))) {
        failures.push(
          `${where}: link ${target} points at ${relative(root, file)}, which the ${pkgDir} tarball does not contain (use https://github.com/fyno-kit/fyno-kit/blob/main/${relative(root, file)})`,
        );
      }
    }
  }
}
console.log(`doc-check: ${links} links checked (relative, anchors, and repository links; package READMEs against their tarball's files)`);

if (failures.length) {
  console.error(`\n${failures.length} doc problem(s):`);
  for (const f of failures) console.error(`  ✗ ${f}`);
  process.exit(1);
}
if (!process.argv.includes('--keep')) rmSync(generated, { recursive: true, force: true });
console.log(`doc-check: ${checked} blocks type-checked, ${skipped.length} skipped, ${links} links resolved in ${((Date.now() - started) / 1000).toFixed(1)} s`);
