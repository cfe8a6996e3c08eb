// Fyno's signed delivery reports: the GET verification call and the POSTs.
import { defineEventHandler, toWebRequest } from 'h3';
import { deliveryReports } from '../../utils/fyno';

export default defineEventHandler((event) => deliveryReports(toWebRequest(event)));
