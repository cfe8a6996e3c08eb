// The suite's per-mount in-app session routes: the one-line mount, as server/api/fyno/inapp-session.ts.
import { defineEventHandler, getRouterParam } from 'h3';
import { suite } from '../../../utils/suite';

export default defineEventHandler((event) => suite.handler(getRouterParam(event, 'id')).node(event.node.req, event.node.res, event));
