// Every request: the signed-in user from the session cookie, on event.context (where identify reads it).
import { defineEventHandler } from 'h3';
import { appSession } from '../utils/session';

export default defineEventHandler(async (event) => {
  const { userId } = (await appSession(event)).data;
  event.context.user = userId ? { id: userId } : undefined;
});
