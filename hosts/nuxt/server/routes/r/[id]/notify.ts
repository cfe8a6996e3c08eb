// The suite's per-policy notify routes: the one-line mount, as server/api/fyno/notify.ts.
import { defineEventHandler, getRouterParam } from 'h3';
import { suite } from '../../../utils/suite';

export default defineEventHandler((event) => suite.handler(getRouterParam(event, 'id')).node(event.node.req, event.node.res, event));
