import { startApp } from './app-process';
import { credentialsSuite } from './credentials-suite';
import { deliveryReportsSuite } from './delivery-reports-suite';
import { demoSuite } from './demo-suite';
import { inappSuite } from './inapp-suite';
import { navigationSuite } from './navigation-suite';
import { codeSignInSuite, preferencesSuite } from './preferences-suite';

// The same page and the same checks on Next.js 16 (App Router): `npm run demo:next` runs the
// `next build` output (turbo built it before this suite) with `next start`.
demoSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));

credentialsSuite('next-demo (Next.js)', ['npm', 'run', 'demo:next']);

navigationSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));

deliveryReportsSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));

inappSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));

preferencesSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));

codeSignInSuite('next-demo (Next.js)', () => startApp(['npm', 'run', 'demo:next']));
