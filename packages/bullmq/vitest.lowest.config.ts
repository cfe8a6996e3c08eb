/**
 * The whole suite again on the LOWEST bullmq of the peer range (`bullmq-lowest`, a pnpm alias), as
 * react runs its suite on React 18: what Vite transforms resolves `bullmq` through the alias below,
 * and Node-loaded code (the worker processes, which run the built dist) through the resolve hook that
 * `--import` registers in every test process and that forked workers inherit. bullmq-version.test.ts
 * asserts the version in both places, so a miss cannot pass.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const lowest = fileURLToPath(new URL('./node_modules/bullmq-lowest', import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    resolve: { alias: [{ find: /^bullmq(\/.*)?$/, replacement: `${lowest}$1` }] },
    test: {
      execArgv: ['--import', fileURLToPath(new URL('./test/lowest/register.mjs', import.meta.url))],
      env: { EXPECT_BULLMQ_VERSION: '6.0.0' },
    },
  }),
);
