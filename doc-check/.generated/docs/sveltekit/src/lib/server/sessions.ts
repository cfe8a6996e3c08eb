// session id → user id; yours lives in a database or Redis.
export const sessions = new Map<string, string>();
