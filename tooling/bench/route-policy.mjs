// The notify route's policy in the route benchmarks (route-server.mjs, route-ab-server.mjs): identify
// from a header, an allow-list, a data check, the default rate limit, and a client on the emulator.
// `coreModule` lets route-ab.mjs compare another build of core; `clientOptions` adds to the client's.

/** The policy, with a `Fyno` client from `coreModule` talking to the emulator `emu`. */
export async function benchPolicy(emu, { coreModule = '@fyno-kit/core', clientOptions = {} } = {}) {
  const { Fyno } = await import(coreModule);
  return {
    identify: (request) => {
      const user = request.headers['x-user'];
      return typeof user === 'string' ? user : null;
    },
    events: {
      bench_event: {
        data: (data) => {
          if (typeof data?.order !== 'string') throw new TypeError('order must be a string');
          return { order: data.order };
        },
      },
    },
    client: new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, connections: 64, ...clientOptions }),
  };
}
