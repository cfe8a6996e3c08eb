// `npm test`'s scheduler: builds once, then runs the workspace's test tasks in two lanes at once, so
// a 2-core machine runs the heavy suites (browsers, guides run as a new user, the Node matrix, packed
// tarballs) one at a time beside the package suites, never two heavy ones together. A package joins
// the heavy lane with `"testLane": "heavy"` in its package.json; every other suite, including one
// added later, runs in the light lane. Prints a time per suite and one closing `N passed, N failed`.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace's packages with a `test` script, by lane: `{ heavy: [names], light: [names] }`. */
export function testLanes(root) {
  const lanes = { heavy: [], light: [] };
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => line.match(/^\s*-\s*['"]?([^'"#]+?)['"]?\s*$/)?.[1])
    .filter(Boolean);
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  for (const dir of dirs) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!pkg.scripts?.test) continue;
    lanes[pkg.testLane === 'heavy' ? 'heavy' : 'light'].push(pkg.name);
  }
  return lanes;
}

/** Per-task results gathered from the lanes' output: vitest's counts and turbo's exit codes. */
class Tally {
  passed = 0;
  failed = 0;
  /** task id → { passed, failed } counted from its "Tests" lines. */
  byTask = new Map();

  /** Reads one output line (with turbo's `pkg:test: ` prefix). */
  line(raw) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    // vitest's summary line, e.g. "Tests  3 failed | 40 passed (43)", one per vitest run.
    const m = line.match(/^(\S*?):?\s*Tests\s+(.*)\(\d+\)\s*$/);
    if (!m) return;
    // turbo's prefix `@fyno-kit/core:test` is the summary's task id `@fyno-kit/core#test`.
    const task = m[1].replace(/:([^:]+)$/, '#$1') || '?';
    const counts = this.byTask.get(task) ?? { passed: 0, failed: 0 };
    for (const part of m[2].split('|')) {
      const n = part.trim().match(/^(\d+) (passed|failed)$/);
      if (!n) continue;
      counts[n[2]] += Number(n[1]);
      this[n[2]] += Number(n[1]);
    }
    this.byTask.set(task, counts);
  }

  /** A task that failed without a failed test counted (a crash, a non-vitest runner) counts as one. */
  taskFailed(task) {
    if ((this.byTask.get(task)?.failed ?? 0) === 0) this.failed += 1;
  }
}

/** Runs one turbo invocation, streaming its output through `tally`; resolves its exit code and summary path. */
function runTurbo(command, args, options, tally) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let summary;
    const scan = (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tally.line(line);
        summary ??= line.replace(/\x1b\[[0-9;]*m/g, '').match(/Summary:\s+(\S+\.json)/)?.[1];
      }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      scan(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      scan('\n');
      resolve({ code: code ?? 1, summary });
    });
  });
}

/** The tasks of a turbo run summary: id, seconds, exit code. */
function tasksOf(summaryPath) {
  try {
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
    return summary.tasks
      .filter((task) => task.execution?.startTime)
      .map((task) => ({
        id: task.taskId,
        seconds: (task.execution.endTime - task.execution.startTime) / 1000,
        exitCode: task.execution.exitCode,
      }));
  } catch {
    return [];
  }
}

/**
 * Runs every test task: `turbo run test --only` per lane (the build ran before, once, so two turbo
 * processes never build the same package), both lanes at once. `serial` runs one lane after the
 * other, one task at a time; `only` keeps the suites whose package name contains one of its words.
 * Resolves the exit code: non-zero when any task failed.
 */
export async function runTestLanes({ root, run, env, serial = false, only = [] }) {
  const lanes = testLanes(root);
  // `npm test -- emulator bullmq`: only the suites whose package name contains one of the words.
  if (only.length > 0) for (const key of ['heavy', 'light']) lanes[key] = lanes[key].filter((name) => only.some((word) => name.includes(word)));
  const tally = new Tally();
  const startedMs = Date.now();
  const lane = (names) =>
    names.length === 0
      ? Promise.resolve({ code: 0, summary: undefined })
      : runTurbo(
          run[0],
          [
            ...run.slice(1),
            'exec',
            'turbo',
            'run',
            'test',
            '--only',
            '--concurrency=1',
            '--continue',
            '--output-logs=full',
            // One task's output in one block, not interleaved with the other lane's.
            '--log-order=grouped',
            '--log-prefix=task',
            '--summarize',
            ...names.map((name) => `--filter=${name}`),
          ],
          { cwd: root, env },
          tally,
        );
  const results = serial ? [await lane(lanes.heavy), await lane(lanes.light)] : await Promise.all([lane(lanes.heavy), lane(lanes.light)]);

  const tasks = results.flatMap((result) => (result.summary ? tasksOf(resolve(root, result.summary)) : []));
  for (const task of tasks) if (task.exitCode !== 0) tally.taskFailed(task.id);
  const heavy = new Set(lanes.heavy.map((name) => `${name}#test`));
  console.log(`\nTest time per suite (lanes run at once; wall clock ${Math.round((Date.now() - startedMs) / 1000)} s):`);
  for (const task of tasks.sort((a, b) => b.seconds - a.seconds)) {
    const mark = task.exitCode === 0 ? 'ok  ' : 'FAIL';
    console.log(`  ${mark} ${task.seconds.toFixed(1).padStart(7)} s  ${heavy.has(task.id) ? 'heavy' : 'light'}  ${task.id}`);
  }
  const code = results.some((result) => result.code !== 0) ? 1 : 0;
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
  return code;
}
