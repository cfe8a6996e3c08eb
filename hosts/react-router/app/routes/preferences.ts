// The signed-in user's notification preferences: GET reaches the loader, POST the action.
import { preferences } from '../fyno.server';
import type { Route } from './+types/preferences';

export const action = (args: Route.ActionArgs) => preferences(args.request, args);
export const loader = (args: Route.LoaderArgs) => preferences(args.request, args);
