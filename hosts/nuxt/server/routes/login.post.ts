// Sign-in stand-in: a real app checks a password or an OAuth callback here; this one trusts `?as=`.
import { defineEventHandler, getQuery, setResponseStatus } from 'h3';
import { appSession } from '../utils/session';

export default defineEventHandler(async (event) => {
  await (await appSession(event)).update({ userId: String(getQuery(event).as ?? '') });
  setResponseStatus(event, 204);
  return null;
});
