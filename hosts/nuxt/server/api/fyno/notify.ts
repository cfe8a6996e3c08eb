// The notify route, every method (the route answers the others with its 405).
import { defineEventHandler, toWebRequest } from 'h3';
import { notify } from '../../utils/fyno';

export default defineEventHandler((event) => notify(toWebRequest(event), event));
