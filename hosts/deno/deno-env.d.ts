// The few Deno names serve.ts uses, for the Node-side type check (Deno itself knows them).
declare namespace Deno {
  const args: string[];
  const env: { get(name: string): string | undefined };
  interface ServeHandlerInfo {
    remoteAddr: unknown;
  }
  function serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
  ): unknown;
}
