import type { Fyno } from '../index';

/**
 * Whether an adapter was handed a ready client rather than options to build one. Duck-typed on
 * purpose: a Fyno from another copy of @fyno-kit/core (ESM vs CJS) is still a client.
 */
export function isFynoClient(value: unknown): value is Fyno {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { fire?: unknown }).fire === 'function' &&
    typeof (value as { close?: unknown }).close === 'function'
  );
}
