// @vitest-environment node
/** Server rendering of the inbox entry: idle, empty, and nothing connects. */
import { renderToString } from 'react-dom/server';
import { version as reactVersion } from 'react';
import { describe, expect, it } from 'vitest';
import { Inbox, InboxProvider, useInbox } from './index';

function Bell() {
  const { unreadCount, status } = useInbox();
  return <span>{`${status}:${unreadCount}`}</span>;
}

describe(`inbox server rendering on React ${reactVersion}`, () => {
  it('renders the idle state without calling the session route', () => {
    let asked = 0;
    const html = renderToString(
      <InboxProvider
        session={async () => {
          asked++;
          throw new Error('never on the server');
        }}
      >
        <Bell />
        <Inbox />
      </InboxProvider>,
    );
    expect(html).toContain('idle:0');
    expect(html).toContain('No notifications');
    expect(asked).toBe(0);
  });
});
