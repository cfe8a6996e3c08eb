// The shared suite's routes name their user in `x-test-user`: on event.context.user in place of the session.
import { defineEventHandler, getRequestHeader } from 'h3';

export default defineEventHandler((event) => {
  if (!['/r/', '/p/', '/s/', '/__suite/'].some((prefix) => event.path.startsWith(prefix))) return;
  const id = getRequestHeader(event, 'x-test-user');
  event.context.user = id ? { id } : undefined;
});
