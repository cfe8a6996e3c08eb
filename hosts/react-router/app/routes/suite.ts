// The suite's routes (`/__suite/*`, `/r/<id>/notify`, `/p/<id>/preferences`, `/s/<id>/inapp-session`): the suite names its user in `x-test-user`,
// which this route's middleware puts on the context in place of the cookie session.
import { userContext } from '../session.server';
import { suite } from '../suite.server';
import type { Route } from './+types/suite';

export const middleware: Route.MiddlewareFunction[] = [
  ({ request, context }, next) => {
    const id = request.headers.get('x-test-user');
    context.set(userContext, id ? { id } : null);
    return next();
  },
];

export const action = (args: Route.ActionArgs) => suite.fetch(args.request, args);
export const loader = (args: Route.LoaderArgs) => suite.fetch(args.request, args);
