import type { CodeSignInAnswer } from '@fyno-kit/demo-shared/server';

/** A `CodeSignIn` answer as a web Response, one Set-Cookie header per cookie. */
export function answer({ status, body, setCookies }: CodeSignInAnswer): Response {
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of setCookies) headers.append('set-cookie', cookie);
  return Response.json(body, { status, headers });
}
