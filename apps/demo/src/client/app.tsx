import { DemoPage, SendAndLeave, SentNotice } from '@fyno-kit/demo-shared/page';
import { useState } from 'react';

/**
 * The shared demo page on Vite, without a router: "send, then leave" swaps its card for the
 * notice in the same click, so the card that sent unmounts while its request is on the wire.
 */
export function App() {
  const [left, setLeft] = useState(false);
  const back = (
    <button className="secondary" onClick={() => setLeft(false)}>
      Back to the demo
    </button>
  );
  return <DemoPage sendAndLeave={left ? <SentNotice back={back} /> : <SendAndLeave onLeave={() => setLeft(true)} />} />;
}
