/**
 * User properties (fyno-api.md §4, U1–U7). Fyno applies them asynchronously and answers 202 with a
 * `request_id`; set-like operations create a missing profile.
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

function checkId(distinctId: unknown): asserts distinctId is string {
  if (typeof distinctId !== 'string' || distinctId === '') throw new FynoValidationError('distinct_id must be a non-empty string', 'distinct_id');
}

function checkObject(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new FynoValidationError(`${field} must be a non-empty object`, field);
  }
}

/** Property calls, reached as `fyno.profiles.properties`. */
export class Properties {
  readonly #ctx: CallContext;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  #op(path: string, distinctId: string, op: keyof PropertyAction, value: unknown, options?: RequestOptions): Promise<PropertiesResponse> {
    try {
      checkId(distinctId);
      if (op === '$unset') {
        if (!Array.isArray(value) || value.length === 0) throw new FynoValidationError('$unset needs at least one property name', op);
      } else checkObject(value, op);
    } catch (error) {
      return Promise.reject(error);
    }
    // Idempotent in effect except $add / $append; those are retried only when they surely did not run.
    const idempotent = op !== '$add' && op !== '$append';
    const body = JSON.stringify({ distinct_id: distinctId, [op]: value });
    return execute(this.#ctx, { method: 'POST', path: `/profiles/properties/${path}`, body, idempotent }, options);
  }

  /** Sets properties (`$set`), creating the profile when it is missing. */
  set(distinctId: string, properties: Record<string, PropertyValue>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('set', distinctId, '$set', properties, options);
  }

  /** Sets only the properties that are not set yet (`$once`). */
  setOnce(distinctId: string, properties: Record<string, PropertyValue>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('set-once', distinctId, '$once', properties, options);
  }

  /** Adds to numeric properties (`$add`; negative numbers subtract). */
  increment(distinctId: string, amounts: Record<string, number>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('numerical-add', distinctId, '$add', amounts, options);
  }

  /** Appends one value per list property (`$append`); list values stay unique. */
  append(distinctId: string, values: Record<string, string | number | boolean>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('list-append', distinctId, '$append', values, options);
  }

  /** Removes one value per list property (`$remove`). */
  remove(distinctId: string, values: Record<string, string | number | boolean>, options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('list-remove', distinctId, '$remove', values, options);
  }

  /** Deletes properties by name (`$unset`). */
  unset(distinctId: string, names: string[], options?: RequestOptions): Promise<PropertiesResponse> {
    return this.#op('unset', distinctId, '$unset', names, options);
  }

  /** Several operations on several profiles in one call. */
  batch(items: Array<{ distinct_id: string; action: PropertyAction }>, options?: RequestOptions): Promise<PropertiesResponse> {
    try {
      if (!Array.isArray(items) || items.length === 0) throw new FynoValidationError('batch must be a non-empty array', 'batch');
      items.forEach((item, i) => {
        if (typeof item?.distinct_id !== 'string' || item.distinct_id === '') {
          throw new FynoValidationError(`batch[${i}].distinct_id must be a non-empty string`, `batch[${i}].distinct_id`);
        }
        checkObject(item.action, `batch[${i}].action`);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    const idempotent = items.every((item) => item.action.$add === undefined && item.action.$append === undefined);
    return execute(this.#ctx, { method: 'POST', path: '/profiles/properties/batch', body: JSON.stringify({ batch: items }), idempotent }, options);
  }
}
