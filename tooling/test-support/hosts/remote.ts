/**
 * Runs the shared suites against a host in another process: spawns it (Bun, Deno, workerd), waits
 * for the first stdout line `{"port":N}`, and gives `runAdapterSuite` (and the preferences and in-app
 * session suites) a `start` that mounts each route there by its recipe (suite-app.js). Its stderr is
 * kept and shown if it dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, fetch as undiciFetch } from 'undici';
import type { AdapterSuiteOptions, SuiteSync } from '../adapter-suite';
import type { SessionSuiteOptions } from '../inapp-session-suite';
import type { PreferencesSuiteOptions } from '../preferences-suite';

export interface RemoteHost {
  readonly origin: string;
  /** The whole first line the host printed (its port, and whatever else it reports about itself). */
  readonly info: Record<string, unknown>;
  readonly child: ChildProcess;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `command` and resolves once it printed its port. */
export function startRemoteHost(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; startTimeoutMs?: number },
): Promise<RemoteHost> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not print its port within ${options.startTimeoutMs ?? 30_000} ms\n${out}\n${err}`));
    }, options.startTimeoutMs ?? 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before listening\n${out}\n${err}`));
    });
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"port":'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // Keep draining, so a chatty host never blocks on a full pipe.
      child.stdout!.on('data', () => {});
      const info = JSON.parse(line) as { port: number };
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        info,
        child,
        stderr: () => err,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
          }),
      });
    };
    child.stdout!.on('data', onData);
  });
}

/**
 * The control calls' request: typed JSON, so a host that refuses untyped cross-site POSTs before any
 * route (SvelteKit 3's csrf check) lets them through as it would the app's own API calls.
 */
const control = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } as const;

/**
 * The control calls (mount, sync, unmount) ride connections of their own. A case may leave the host
 * about to reset a connection it used (Astro resets the one an oversize upload came on, after its
 * 413), and the suite's own bookkeeping must not be the request that inherits it from fetch's pool.
 */
const controlAgent = new Agent();
const controlFetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) =>
  undiciFetch(url, { ...init, dispatcher: controlAgent });

/**
 * Mounts `recipe` on the host through `mountPath` (one of suite-app.js's mount routes) and hands back
 * the route's URL, its unmount and `sync`.
 */
async function mountRemote(host: RemoteHost, mountPath: string, recipe: unknown): Promise<{ url: string; close(): Promise<void>; sync(): Promise<SuiteSync> }> {
  const { origin } = host;
  const mounted = await controlFetch(`${origin}${mountPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(recipe),
  });
  if (!mounted.ok) throw new Error(`mount failed: ${mounted.status} ${await mounted.text()}\n${host.stderr()}`);
  const { path } = (await mounted.json()) as { path: string };
  const id = path.split('/')[2];
  return {
    url: `${origin}${path}`,
    close: async () => void (await controlFetch(`${origin}/__suite/unmount/${id}`, control)).body?.cancel(),
    sync: async () => (await (await controlFetch(`${origin}/__suite/sync`, control)).json()) as SuiteSync,
  };
}

/** The suite's `start` for a remote host: mounts the recipe, hands back the route's URL and `sync`. */
export function remoteStart(host: () => RemoteHost): AdapterSuiteOptions['start'] {
  return (_policy, recipe) => mountRemote(host(), '/__suite/mount', recipe);
}

/** The preferences suite's `start` for a remote host (suite-app.js built with `createPreferencesHandler`). */
export function remotePreferencesStart(host: () => RemoteHost): PreferencesSuiteOptions['start'] {
  return async (_policy, recipe) => {
    const { url, close } = await mountRemote(host(), '/__suite/mount-preferences', recipe);
    return { url, close };
  };
}

/** The in-app session suite's `start` for a remote host (suite-app.js built with `createInappSessionHandler`). */
export function remoteSessionStart(host: () => RemoteHost): SessionSuiteOptions['start'] {
  return (_options, recipe) => mountRemote(host(), '/__suite/mount-session', recipe);
}
