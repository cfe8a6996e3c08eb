import { useMutation } from '@tanstack/react-query';
import { createNotifyClient, type NotifyVariables } from '@fyno-kit/react';
import type { policy } from '../server/notify';

const notifyClient = createNotifyClient<typeof policy>();

export function useNotifyMutation() {
  return useMutation({
    mutationFn: ({ event, data }: NotifyVariables<typeof policy>) => notifyClient.notify(event, data),
  });
}
