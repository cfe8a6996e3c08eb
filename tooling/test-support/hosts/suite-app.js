/**
 * The shared suite's app for a host in another process (Bun, Deno, workerd): it builds the suite's
 * policy from a recipe (`SuiteRecipe` in ../adapter-suite.ts) and mounts a fresh route per recipe.
 * Plain JavaScript without imports, so every runtime runs it as it is: the host passes core in.
 *
 * Routes: POST /__suite/mount (recipe → { path }), POST /__suite/unmount/<id>, POST /__suite/sync
 * (what `onError` got and what the console printed since the last sync), /r/<id>/notify (the route),
 * /reports (the delivery-report receiver) and GET /__suite/reports (what it received). The
 * preferences and in-app session suites mount theirs the same way (mount-preferences, mount-session).
 */

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'];

/** The workspace secret the suite's emulator signs delivery reports with (a test value). */
export const REPORT_SECRET = 'whsec_suite_reports_not_a_secret';

/** An error as text, every own property and cause included, so the suite can look for a leaked key in it. */
function describeError(value, depth = 0) {
  if (depth > 4) return '…';
  if (typeof value !== 'object' || value === null) return String(value);
  const parts = [];
  for (const key of Object.getOwnPropertyNames(value)) {
    let field;
    try {
      field = value[key];
    } catch {
      continue;
    }
    parts.push(`${key}: ${typeof field === 'object' && field !== null ? describeError(field, depth + 1) : String(field)}`);
  }
  if (value instanceof Error && !parts.some((p) => p.startsWith('message:'))) parts.push(`message: ${value.message}`);
  return `${value?.constructor?.name ?? 'Object'} { ${parts.join(', ')} }`;
}

const asText = (value) => (typeof value === 'string' ? value : value instanceof Error ? describeError(value) : (JSON.stringify(value) ?? String(value)));

/** A `{ order: string }` rule that strips other keys (the suite's `orderSchema`). */
function orderRule(data) {
  if (typeof data !== 'object' || data === null || typeof data.order !== 'string') throw new TypeError('order must be a string');
  return { order: data.order };
}

/**
 * `core` holds `Fyno`, `createNotifyHandler` and `createDeliveryReportHandler` as the runtime resolved them, and optionally `user`,
 * which reads the signed-in user the way the host's app would (default: the `x-test-user` header),
 * `createPreferencesHandler` for the preferences suite (POST /__suite/mount-preferences, a
 * `SuitePreferencesRecipe` from ../preferences-suite.ts → { path: /p/<id>/preferences }), and
 * `createInappSessionHandler` for the in-app session suite (POST /__suite/mount-session, a
 * `SessionSuiteRecipe` from ../inapp-session-suite.ts → { path: /s/<id>/inapp-session }).
 * `secret(name, context)` reads the host's own secret store (Bun.env, Deno.env, a Worker's `env`),
 * for a session recipe whose `fromHost` names the keys it leaves out.
 * @param {{ Fyno: any, createNotifyHandler: any, createDeliveryReportHandler?: any, createPreferencesHandler?: any, createInappSessionHandler?: any, user?: any, secret?: any }} core
 */
export function createSuiteApp({ Fyno, createNotifyHandler, createDeliveryReportHandler, createPreferencesHandler, createInappSessionHandler, user, secret }) {
  const mounts = new Map();
  // The delivery-report receiver, one line as a user mounts it; the emulator signs with REPORT_SECRET.
  const received = [];
  const reportReceiver = createDeliveryReportHandler
    ? createDeliveryReportHandler({
        secret: REPORT_SECRET,
        onReport: (report) => void received.push({ key: report.key, status: report.status, channel: report.channel, custom_id: report.custom_id }),
        onRefused: () => {},
      })
    : undefined;
  let reports = [];
  let logs = [];
  let nextId = 1;
  const userOf = user ?? ((request) => request.headers.get('x-test-user') ?? undefined);

  /** A route's `onError` when the recipe asks for `report`: kept for the suite's next sync. */
  const report = (error, info) => void reports.push({ code: info.code, error: describeError(error) });
  /** The user `userOf` reads, a tick later (as a session store would answer). */
  const signedIn = async (request, context) => {
    await Promise.resolve();
    return userOf(request, context) ?? null;
  };

  function policyOf(recipe) {
    const client = new Fyno(recipe.client);
    const identify =
      recipe.identify === 'log-probe'
        ? (request, context) => {
            const who = userOf(request, context);
            if (who === 'throws') throw new Error('jwt malformed\n[forged] line\u001b[31m');
            if (who === 'number') return 42;
            return who ?? null;
          }
        : signedIn;
    const policy = {
      identify,
      events: {
        order_shipped: { data: orderRule, to: (ctx) => ({ email: `${ctx.distinctId}@dest.example` }), callback: () => ({ custom_id: 'cb-1' }) },
        password_reset: {},
        not_in_workspace: {},
      },
      client,
    };
    if (recipe.onError === 'report') policy.onError = report;
    for (const key of ['maxBodyBytes', 'rateLimit', 'bodyTimeoutMs']) if (key in recipe) policy[key] = recipe[key];
    return { client, handler: createNotifyHandler(policy) };
  }

  /** The preferences route a recipe describes; the user is the one `userOf` reads, as for the notify route. */
  function preferencesOf(recipe) {
    const client = new Fyno(recipe.client);
    const policy = {
      identify: signedIn,
      topics: recipe.topics,
      global: recipe.global,
      client,
    };
    for (const key of ['maxBodyBytes', 'rateLimit']) if (key in recipe) policy[key] = recipe[key];
    return { client, handler: createPreferencesHandler(policy) };
  }

  /** The in-app session route a recipe describes (`SessionSuiteRecipe`); the user is the one `userOf` reads. */
  function sessionOf(recipe, context) {
    const fromHost = recipe.fromHost ?? [];
    if (fromHost.length > 0 && !secret) throw new Error('this host has no secret store to read the keys from');
    const client = new Fyno(fromHost.includes('apiKey') ? { ...recipe.client, apiKey: secret('FYNO_API_KEY', context) } : recipe.client);
    const options = {
      identify:
        recipe.identify === 'throws'
          ? () => {
              throw new Error('session store down');
            }
          : signedIn,
      integrationId: recipe.integrationId,
      integrationToken: fromHost.includes('integrationToken') ? secret('FYNO_INAPP_TOKEN', context) : recipe.integrationToken,
      url: recipe.url,
      client,
    };
    if (recipe.onError === 'report') options.onError = report;
    if (recipe.registerToken !== undefined) options.registerToken = recipe.registerToken;
    if (recipe.userIdPrefix !== undefined) options.userId = (distinctId) => `${recipe.userIdPrefix}${distinctId}`;
    return { client, handler: createInappSessionHandler(options) };
  }

  const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

  /** An unknown mount's 404, as a handler (and on Node's response, as `handler.node` writes). */
  const noSuchMount = Object.assign(() => Promise.resolve(json({ error: 'no such mount' }, 404)), {
    node: async (_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no such mount' })),
  });

  /**
   * The mounted route of `id` (notify, preferences or in-app session), for hosts that route themselves:
   * `handler(id)(request, context)` (Hono), or `handler(id).node(req, res, context)` (Nuxt, on H3 1's `event.node`).
   */
  function handler(id) {
    return mounts.get(String(id))?.handler ?? noSuchMount;
  }

  /** The control routes and the mounted routes. */
  async function fetch(request, context) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__suite/mount' && request.method === 'POST') {
      const id = String(nextId++);
      mounts.set(id, policyOf(await request.json()));
      return json({ path: `/r/${id}/notify` });
    }
    if (pathname === '/__suite/mount-preferences' && request.method === 'POST' && createPreferencesHandler) {
      const id = String(nextId++);
      mounts.set(id, preferencesOf(await request.json()));
      return json({ path: `/p/${id}/preferences` });
    }
    if (pathname === '/__suite/mount-session' && request.method === 'POST' && createInappSessionHandler) {
      const id = String(nextId++);
      mounts.set(id, sessionOf(await request.json(), context));
      return json({ path: `/s/${id}/inapp-session` });
    }
    if (pathname.startsWith('/__suite/unmount/') && request.method === 'POST') {
      const id = pathname.slice('/__suite/unmount/'.length);
      const mount = mounts.get(id);
      mounts.delete(id);
      await mount?.client.close?.();
      return json({ ok: true });
    }
    if (pathname === '/__suite/sync' && request.method === 'POST') {
      const out = { reports, logs };
      reports = [];
      logs = [];
      return json(out);
    }
    if (pathname === '/reports' && reportReceiver) return reportReceiver(request);
    if (pathname === '/__suite/reports') return json(received);
    const route = /^\/[rps]\/(\d+)\/(?:notify|preferences|inapp-session)$/.exec(pathname);
    if (route) return handler(route[1])(request, context);
    return json({ error: 'not found' }, 404);
  }

  /** From now on, console calls are kept for the suite too (the host prints its port before this). */
  function captureConsole() {
    for (const level of LEVELS) {
      const original = console[level].bind(console);
      console[level] = (...args) => {
        logs.push(args.map(asText));
        original(...args);
      };
    }
  }

  return { fetch, handler, captureConsole };
}
