/**
 * The route's refusals travel as this exception, so the app's interceptors see them (`catchError`)
 * and the filter bound to this route alone (not a global one) writes them in the route's shape.
 */
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExchangeAnswer } from '@fyno-kit/core/adapter';
import type { NotifyHttpResponse } from '@fyno-kit/core/server';

/** A refusal (or failure) of the notify route (or the preferences route): status, headers and `{ error: { code, message } }`. */
export class FynoNotifyRefusal<TAnswer extends ExchangeAnswer = NotifyHttpResponse> extends HttpException {
  constructor(
    readonly notifyResponse: TAnswer,
    readonly closeConnection = false,
  ) {
    super(notifyResponse.body, notifyResponse.status);
  }
}

/** Writes a `FynoNotifyRefusal` as the core route built it, on Express and Fastify alike. */
@Catch(FynoNotifyRefusal)
export class FynoNotifyRefusalFilter implements ExceptionFilter<FynoNotifyRefusal> {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: FynoNotifyRefusal, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const res = host.switchToHttp().getResponse<unknown>();
    const { status, headers, body } = exception.notifyResponse;
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(res as never, name, value);
    if (exception.closeConnection) adapter.setHeader(res as never, 'connection', 'close');
    adapter.reply(res as never, body, status);
  }
}
