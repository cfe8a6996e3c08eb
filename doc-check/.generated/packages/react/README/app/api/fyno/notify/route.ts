// app/api/fyno/notify/route.ts
import { createNotifyHandler } from '@fyno-kit/core/server';
import { policy } from '../../../../server/policy';

export const POST = createNotifyHandler(policy);
