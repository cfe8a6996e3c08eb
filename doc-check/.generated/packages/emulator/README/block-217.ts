import { startEmulator } from '@fyno-kit/emulator';
const fyno = await startEmulator();
startEmulator({ faults: { error5xxRate: 0.2, rate429: 0.1, resetRate: 0.05, stallRate: 0.05, stallMs: 3_000, phase: 'random', seed: 1 } });
fyno.setFaults({ rate429: 1, retryAfterS: 2 }); // or null to turn off
fyno.failNext(2, { status: 503 }); // the next 2 API requests get 503
fyno.failNext(1, 'reset'); // the next one has its socket destroyed
fyno.failNext(1, { stallMs: 5_000 }); // the next one is held for 5 s
fyno.failNext(1, { status: 503 }, 'after'); // processed and recorded, then 503
