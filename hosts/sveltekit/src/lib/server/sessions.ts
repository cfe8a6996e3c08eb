/** A stand-in for the app's session store: session id → user id (a real app keeps it in a database or Redis). */
export const sessions = new Map<string, string>();
