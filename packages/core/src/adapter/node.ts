/**
 * @fyno-kit/core/adapter/node: the Node-only part of the adapter entry, for adapters that run on Node
 * alone (`@fyno-kit/bullmq`). It is a subpath of its own because its loader imports `node:module`:
 * `@fyno-kit/core/adapter` stays free of `node:` imports for the web hosts (Workers, Deno, Bun) that
 * use it, and the root entry's Node and browser-safe builds must export the same names.
 */
export { loadOpenTelemetry } from '../otel-load';
