// The inbox's signed session, for event.context.user.
import { defineEventHandler, toWebRequest } from 'h3';
import { inappSession } from '../../utils/fyno';

export default defineEventHandler((event) => inappSession(toWebRequest(event), event));
