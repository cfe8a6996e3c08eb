/**
 * The one translation of a Koa `ctx` into core's exchange, shared by every route this package mounts
 * (the notify route, the delivery-report receiver, the in-app session route).
 */
import { nodeBodySource, nodeExchange, type BodySource, type Exchange } from '@fyno-kit/core/adapter';
import type { Context } from 'koa';

/** What `@koa/bodyparser` / `koa-body` leave on `ctx.request` when they ran first. */
interface ParsedRequest {
  body?: unknown;
  rawBody?: unknown;
}

/** Where the body is: the exact bytes a parser kept, else what it parsed, else Node's unread stream. */
export function koaBody(ctx: Context): BodySource {
  const { body, rawBody } = ctx.request as ParsedRequest;
  // The exact bytes beat a parsed copy: the route checks size and depth (and signatures) on what was sent.
  if (typeof rawBody === 'string') return { kind: 'bytes', bytes: rawBody };
  if (body !== undefined) return { kind: 'parsed', value: body };
  return nodeBodySource(ctx.req);
}

/** The exchange of one Koa request. Koa leaves the response alone: the route answers on Node's response itself. */
export function koaExchange(ctx: Context): Exchange<Context> {
  ctx.respond = false;
  // `originalUrl`: the whole target even under a mounted sub-app (the receiver reads `fyno_token` from it).
  return nodeExchange(ctx.req, ctx.res, { request: ctx, url: ctx.originalUrl, body: () => koaBody(ctx) });
}
