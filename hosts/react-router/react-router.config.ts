import type { Config } from '@react-router/dev/config';

// Server rendering on, as a framework-mode app deploys with react-router-serve.
export default { ssr: true } satisfies Config;
