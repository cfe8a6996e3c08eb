import { createInbox } from '@fyno-kit/core/inbox';

const inbox = createInbox({ session: '/api/fyno/inapp-session' });
const stop = inbox.subscribe((state) => {
  document.title = state.unreadCount > 0 ? `(${state.unreadCount}) My app` : 'My app';
});
await inbox.markAllRead();
stop();
inbox.close();
