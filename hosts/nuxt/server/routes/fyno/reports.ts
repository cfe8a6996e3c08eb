// Fyno's signed delivery reports: the GET verification call and the POSTs.
import { defineEventHandler } from 'h3';
import { deliveryReports } from '../../utils/fyno';

export default defineEventHandler((event) => deliveryReports.node(event.node.req, event.node.res));
