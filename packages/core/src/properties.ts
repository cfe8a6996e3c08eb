/**
 * User properties (U1–U7 in packages/emulator/CONTRACT.md §4). Fyno applies them asynchronously
 * and answers 202 with a `request_id`; set-like operations create a missing profile.
 */
import { FynoValidationError } from './errors';
import { execute, type CallContext, type RequestOptions } from './request';

/** A property value Fyno stores: strings (≤ 255 chars), numbers, booleans, ISO dates or lists of them. */
export type PropertyValue = string | number | boolean | null | Array<string | number | boolean>;

/** What one operation of a batch does to one profile. */
export interface PropertyAction {
  $set?: Record<string, PropertyValue>;
  $once?: Record<string, PropertyValue>;
  $add?: Record<string, number>;
  $append?: Record<string, string | number | boolean>;
  $remove?: Record<string, string | number | boolean>;
  $unset?: string[];
}

/** 202 body of a property call. */
export interface PropertiesResponse {
  request_id: string;
  /** Batch calls only: per item, `{ "$set": "ok", … }`. */
  batch?: Array<Record<string, string>>;
}

/** Property calls, reached as `fyno.profiles.properties`. */
export class Properties {
  readonly #ctx: CallContext;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  // Every operation has the same shape: `{ distinct_id, <op>: value }` to `…/properties/<path>`.
  // `$add` and `$append` change a value each time they run, so they are not idempotent.
  #op(path: string, op: string, distinctId: string, value: object, options?: RequestOptions): Promise<PropertiesResponse> {
    if (typeof distinctId !== 'string' || distinctId === '') return reject('distinct_id must be a non-empty string', 'distinct_id');
    if (typeof value !== 'object' || value === null || Object.keys(value).length === 0) return reject(`${op} must not be empty`, op);
    const body = JSON.stringify({ distinct_id: distinctId, [op]: value });
    return execute(this.#ctx, { method: 'POST', path: `/profiles/properties/${path}`, body, idempotent: op !== '$add' && op !== '$append' }, options);
  }

  /** Sets properties (`$set`), creating the profile when it is missing. */
  set(distinctId: string, properties: Record<string, PropertyValue>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('set', '$set', distinctId, properties, options);
  }

  /** Sets only the properties that are not set yet (`$once`). */
  setOnce(distinctId: string, properties: Record<string, PropertyValue>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('set-once', '$once', distinctId, properties, options);
  }

  /** Adds to numeric properties (`$add`; negative numbers subtract). */
  increment(distinctId: string, amounts: Record<string, number>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('numerical-add', '$add', distinctId, amounts, options);
  }

  /** Appends one value per list property (`$append`); list values stay unique. */
  append(distinctId: string, values: Record<string, string | number | boolean>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('list-append', '$append', distinctId, values, options);
  }

  /** Removes one value per list property (`$remove`). */
  remove(distinctId: string, values: Record<string, string | number | boolean>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('list-remove', '$remove', distinctId, values, options);
  }

  /** Deletes properties by name (`$unset`). */
  unset(distinctId: string, names: string[], options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('unset', '$unset', distinctId, names, options);
  }

  /** Several operations on several profiles in one call. */
  batch(items: Array<{ distinct_id: string; action: PropertyAction }>, options?: RequestOptions): Promise<PropertiesResponse> {
    if (!Array.isArray(items) || items.length === 0) return reject('batch must be a non-empty array', 'batch');
    const idempotent = items.every((item) => !item.action?.$add && !item.action?.$append);
    return execute(this.#ctx, { method: 'POST', path: '/profiles/properties/batch', body: JSON.stringify({ batch: items }), idempotent }, options);
  }
}

function reject(message: string, field: string): Promise<never> {
  return Promise.reject(new FynoValidationError(message, field));
}
