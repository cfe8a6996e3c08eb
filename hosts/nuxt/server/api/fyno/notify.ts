// The notify route, every method (the route answers the others with its 405), on Node's request and
// response: the route reads the body from Node's stream, so an oversize upload is paused, not buffered.
import { defineEventHandler } from 'h3';
import { notify } from '../../utils/fyno';

export default defineEventHandler((event) => notify.node(event.node.req, event.node.res, event));
