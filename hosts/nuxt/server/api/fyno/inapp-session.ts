// The inbox's signed session, for event.context.user.
import { defineEventHandler } from 'h3';
import { inappSession } from '../../utils/fyno';

export default defineEventHandler((event) => inappSession.node(event.node.req, event.node.res, event));
