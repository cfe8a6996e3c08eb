/**
 * The exchange loop every route runs on: the checks that need no body, the body taken with the
 * route's cap and timeout, the route's work, and the answer written once. Routes supply the stages;
 * hosts supply the exchange. How to add a route: ./ROUTES.md.
 */
import { announcesBody } from './node-exchange';
import type { Exchange, ExchangeAnswer } from './exchange';
import { takeBody, type BodyLimits, type BodyRefusal, type ExchangeBody } from './take-body';

/** What a route brings to the loop. Each stage answers in the route's own shape. */
export interface RouteStages<TRequest, TAnswer extends ExchangeAnswer = ExchangeAnswer> {
  readonly limits: BodyLimits;
  /** The checks that need no body (method, declared size, …): an answer ends the exchange unread. */
  precheck(exchange: Exchange<TRequest, TAnswer>): TAnswer | undefined;
  /** The route's work once the body is in. */
  respond(exchange: Exchange<TRequest, TAnswer>, body: ExchangeBody): TAnswer | Promise<TAnswer>;
  /** The route's answer to a body refused before it could be used (too large, too slow, …). */
  refuse(code: BodyRefusal): TAnswer;
  /** Gives an unexpected error to the route's `onError` (or its default log line); returns the route's 500. */
  unexpected(error: unknown): TAnswer;
  /** Gives an error nobody can be answered about (the host could not write) to `onError`. */
  lost(error: unknown): void;
}

/** Runs one exchange through a route's stages. Never rejects. */
export async function serveExchange<TRequest, TAnswer extends ExchangeAnswer>(
  exchange: Exchange<TRequest, TAnswer>,
  stages: RouteStages<TRequest, TAnswer>,
): Promise<void> {
  let answer: TAnswer;
  // Unread body bytes would be parsed as the next request on a kept-alive socket: whenever some are
  // left, the sink is told to close the connection after the answer.
  let closeConnection = false;
  try {
    const source = exchange.body();
    const early = stages.precheck(exchange);
    if (early) {
      answer = early;
      closeConnection = source.kind === 'node' && announcesBody(source.stream);
    } else {
      const taken = await takeBody(source, stages.limits);
      if (taken.kind === 'gone') {
        exchange.sink.abandon?.();
        return;
      }
      if (taken.kind === 'refused') {
        answer = stages.refuse(taken.code);
        closeConnection = true;
      } else if (taken.kind === 'failed') {
        answer = stages.unexpected(taken.error);
        closeConnection = taken.closeConnection;
      } else {
        closeConnection = !taken.complete;
        answer = await stages.respond(exchange, taken.body);
      }
    }
  } catch (error) {
    // Only a bug of ours (or a hook that throws where it may not) gets here.
    answer = stages.unexpected(error);
  }
  try {
    await exchange.sink.send(answer, { closeConnection });
  } catch (error) {
    // The host could not write (the socket is gone): nothing left to tell anyone but the log.
    stages.lost(error);
  }
}
