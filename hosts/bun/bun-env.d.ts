// The Bun names serve.ts uses, for the Node-side type check (Bun itself knows them).
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch(request: Request): Response | Promise<Response> }): { port: number };
};
