import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// The core package and Koa come from the app's own node_modules: one copy, the app's version.
export default defineConfig(packageBuild([/^@fyno-kit\/core(\/|$)/, 'koa', /^node:/]));
