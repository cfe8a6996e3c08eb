// The signed-in user's notification preferences, every method (GET reads, POST changes, the others get its 405).
import { defineEventHandler } from 'h3';
import { preferences } from '../../utils/fyno';

export default defineEventHandler((event) => preferences.node(event.node.req, event.node.res, event));
