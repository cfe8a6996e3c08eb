import type { FastifyRequest } from 'fastify';
import type { FynoNotifyRouteOptions } from '@fyno-kit/nest';

// On Fastify, identify (and the rules' hooks) get the FastifyRequest, after the guards ran.
export const notifyRoute: FynoNotifyRouteOptions<FastifyRequest & { user?: { id: string } }> = {
  identify: (req) => req.user?.id ?? null,
  events: { order_shipped: {} },
};
