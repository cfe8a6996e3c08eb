// What hooks.server.ts puts on every RequestEvent, typed for the routes that read it.
declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, from the session cookie. */
      user?: { id: string };
      /** The user the shared suite names in `x-test-user` (its routes only). */
      suiteUser?: string;
    }
  }
}

export {};
