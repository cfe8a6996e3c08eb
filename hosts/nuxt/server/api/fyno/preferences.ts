// The signed-in user's notification preferences, every method (GET reads, POST changes, the others get its 405).
import { defineEventHandler, toWebRequest } from 'h3';
import { preferences } from '../../utils/fyno';

export default defineEventHandler((event) => preferences(toWebRequest(event), event));
