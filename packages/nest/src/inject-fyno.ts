/** Token-based injection of the client, for code that prefers tokens over class types. */
import { Inject } from '@nestjs/common';
import { FYNO_CLIENT } from './tokens';

/**
 * Injects the module's `Fyno` client by token: the same instance as injecting the `Fyno` class.
 *
 * @example
 * constructor(@InjectFyno() private readonly fyno: Fyno) {}
 */
export function InjectFyno(): PropertyDecorator & ParameterDecorator {
  return Inject(FYNO_CLIENT);
}
