import { startApp } from './app-process';
import { credentialsSuite } from './credentials-suite';
import { deliveryReportsSuite } from './delivery-reports-suite';
import { demoSuite } from './demo-suite';
import { inappSuite } from './inapp-suite';
import { navigationSuite } from './navigation-suite';
import { codeSignInSuite, preferencesSuite } from './preferences-suite';

// The demo started exactly as the README starts it.
demoSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));

credentialsSuite('demo (Express)', ['npm', 'run', 'demo']);

navigationSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));

deliveryReportsSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));

inappSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));

preferencesSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));

codeSignInSuite('demo (Express)', () => startApp(['npm', 'run', 'demo']));
