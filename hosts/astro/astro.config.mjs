import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // The host the app is served at, as a deployment names its domain: without it Astro takes
  // `localhost` for `context.url`, and its origin check refuses the app's own form posts.
  security: { allowedDomains: [{ hostname: '127.0.0.1', protocol: 'http' }] },
});
