/**
 * The README's TanStack Query recipe, run as written: `createNotifyClient` as `useMutation`'s
 * `mutationFn`, against the real route server. (React 19 run only: TanStack Query is an ES module
 * Node loads itself, which the React 18 run's aliases do not reach.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createNotifyClient, type NotifyVariables } from '../src/index';
import type { policy } from './fixtures/policy';
import { startRouteServer, type RouteServer } from './route-server';

let server: RouteServer;
beforeAll(async () => {
  server = await startRouteServer();
});
afterAll(() => server.close());

describe('TanStack Query recipe', () => {
  it('useMutation({ mutationFn }) with createNotifyClient: one request, the 202 body as data, typed variables', async () => {
    // --- as in the README ---
    const notifyClient = createNotifyClient<typeof policy>({ endpoint: server.endpoint });
    function useNotifyMutation() {
      return useMutation({
        mutationFn: ({ event, data }: NotifyVariables<typeof policy>) => notifyClient.notify(event, data),
      });
    }
    // ---
    const seen: string[] = [];
    function ShipButton() {
      const mutation = useNotifyMutation();
      return (
        <button onClick={() => mutation.mutate({ event: 'order_shipped', data: { order: 'A1' } }, { onSuccess: (body) => void seen.push(body.request_id) })}>
          {mutation.isSuccess ? `Sent ${mutation.data.request_id}` : mutation.isError ? mutation.error.message : 'Notify me'}
        </button>
      );
    }
    const queryClient = new QueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <ShipButton />
      </QueryClientProvider>,
    );
    act(() => void fireEvent.click(screen.getByRole('button')));
    await screen.findByText(/^Sent req_/);
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toEqual({ event: 'order_shipped', data: { order: 'A1' } });
    expect(server.requests[0]?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
