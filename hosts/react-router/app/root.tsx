import { Outlet, Scripts } from 'react-router';
import type { Route } from './+types/root';
import { sessionMiddleware } from './session.server';

// The app's own auth, as middleware: every route below (resource routes included) sees the user on `context`.
export const middleware: Route.MiddlewareFunction[] = [sessionMiddleware];

export default function App() {
  return (
    <html lang="en">
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  );
}
