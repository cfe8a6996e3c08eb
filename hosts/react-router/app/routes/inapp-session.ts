// The inbox's signed session, for the user on the router context.
import { inappSession } from '../fyno.server';
import type { Route } from './+types/inapp-session';

export const action = (args: Route.ActionArgs) => inappSession(args.request, args);
export const loader = (args: Route.LoaderArgs) => inappSession(args.request, args);
