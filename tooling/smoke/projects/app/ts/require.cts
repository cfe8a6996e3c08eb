// Core from a TypeScript CommonJS file (node16 resolves the `require` conditions). Express is left to
// app.mts: its `req.fyno` global augmentation, loaded from both its .d.ts and .d.cts in one program,
// would be declared twice with two different `Fyno` classes (TS2717 without skipLibCheck).
import { Fyno, FynoTimeoutError } from '@fyno-kit/core';
import { createNotifyRoute, type NotifyPolicy } from '@fyno-kit/core/server';

export const build = (): [Fyno, typeof createNotifyRoute] => [new Fyno({ apiKey: 'k', workspaceId: 'w' }), createNotifyRoute];
export const isTimeout = (e: unknown): boolean => e instanceof FynoTimeoutError;
export type Policy = NotifyPolicy;
