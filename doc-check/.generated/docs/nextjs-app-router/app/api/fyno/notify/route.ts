import { createNotifyHandler } from '@fyno-kit/core/server';
import { policy } from '@/lib/notify-policy';

export const POST = createNotifyHandler(policy);
