// The notify route: the web handler, with the route's args as identify's context.
import { notify } from '../fyno.server';
import type { Route } from './+types/notify';

export const action = (args: Route.ActionArgs) => notify(args.request, args);
// GET and HEAD reach a loader: the route answers them with its own 405.
export const loader = (args: Route.LoaderArgs) => notify(args.request, args);
