// What the app's receiver verified, for the tests (an app would read its database).
import { received } from '../fyno.server';

export const loader = () => Response.json(received);
