/** `pnpm demo`: starts the demo and prints where it is. */
import { startDemo } from './app';

const port = process.env.PORT === undefined ? 3000 : Number(process.env.PORT);

startDemo({ port, host: process.env.HOST ?? '127.0.0.1' }).then(
  (demo) => {
    console.log(`\n  fyno-kit demo  →  ${demo.url}\n`);
    if (demo.mode === 'emulator') {
      console.log(`  Sending to the built-in Fyno emulator (inbox: ${demo.url}/emulator/).`);
      console.log('  Set FYNO_WSID and FYNO_API_KEY to send through Fyno itself.\n');
    } else {
      console.log('  Sending through Fyno with FYNO_WSID / FYNO_API_KEY.\n');
    }
    const stop = () => void demo.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use: start with PORT=3001 npm run demo`);
    else console.error(error.message);
    process.exit(1);
  },
);
