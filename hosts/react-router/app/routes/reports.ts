// Fyno's signed delivery reports: the GET verification call reaches the loader, the reports the action.
import { deliveryReports } from '../fyno.server';
import type { Route } from './+types/reports';

export const action = ({ request }: Route.ActionArgs) => deliveryReports(request);
export const loader = ({ request }: Route.LoaderArgs) => deliveryReports(request);
