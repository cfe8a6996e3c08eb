import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// Core, BullMQ and ioredis come from the app's node_modules: one copy, shared with the app's own queues.
export default defineConfig(packageBuild([/^@fyno-kit\/core(\/|$)/, 'bullmq', 'ioredis', /^node:/]));
