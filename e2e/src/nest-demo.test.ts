import { startApp } from './app-process';
import { demoSuite } from './demo-suite';

// The same page and the same checks, served by the Nest app (FynoModule.forRootAsync + notify route).
demoSuite('nest-demo (Nest)', () => startApp(['npm', 'run', 'demo:nest']));
