import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// The core package comes from the app's own node_modules: one copy, the app's version.
export default defineConfig(packageBuild(['@fyno-kit/core', '@fyno-kit/core/server', '@fyno-kit/core/webhooks', /^node:/]));
