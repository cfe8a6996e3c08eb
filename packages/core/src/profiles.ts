/** User profiles (packages/emulator/CONTRACT.md §4): every `distinct_id` is percent-encoded into its path segment. */
import { asProfileExists, FynoProfileExistsError, FynoValidationError } from './errors';
import { Properties } from './properties';
import { execute, type CallContext, type RequestOptions } from './request';
import type { FynoEnvelope, Profile, ProfileChannels, ProfileInput, ProfileUpsertResult, RemoveChannelInput } from './types';
import { validateChannels, validateProfile } from './validate';

function segment(distinctId: unknown, field = 'distinct_id'): string {
  if (typeof distinctId !== 'string' || distinctId === '') {
    throw new FynoValidationError(`${field} must be a non-empty string`, field);
  }
  return encodeURIComponent(distinctId);
}

/** Profile calls, reached as `fyno.profiles`. */
export class Profiles {
  readonly #ctx: CallContext;
  /** User properties: `set`, `setOnce`, `increment`, `append`, `remove`, `unset`, `batch`. */
  readonly properties: Properties;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
    this.properties = new Properties(ctx);
  }

  /**
   * Creates a profile (201). A `distinct_id` that exists already → `FynoProfileExistsError` (a
   * `FynoBadRequestError`); `upsert` creates or updates instead. Malformed channel data →
   * `FynoValidationError`, before any request.
   */
  async create(profile: ProfileInput, options?: RequestOptions): Promise<FynoEnvelope> {
    validateProfile(profile, true);
    try {
      return await execute(this.#ctx, { method: 'POST', path: '/profiles', body: JSON.stringify(profile), idempotent: false }, options);
    } catch (error) {
      throw asProfileExists(error);
    }
  }

  /**
   * Creates the profile, or, when its `distinct_id` exists already, updates it with the given fields
   * (as `update`: a `channel` given replaces the whole channel object). `created` says which.
   */
  async upsert(profile: ProfileInput, options?: RequestOptions): Promise<ProfileUpsertResult> {
    validateProfile(profile, true);
    try {
      return { ...(await this.create(profile, options)), created: true };
    } catch (error) {
      if (!(error instanceof FynoProfileExistsError)) throw error;
    }
    const { distinct_id: distinctId, ...changes } = profile;
    return { ...(await this.update(distinctId, changes, options)), created: false };
  }

  /** Reads a profile. A missing one → `FynoBadRequestError` (Fyno answers 400, not 404). */
  get(distinctId: string, options?: RequestOptions): Promise<Profile> {
    return execute(this.#ctx, { method: 'GET', path: `/profiles/${segment(distinctId)}`, idempotent: true }, options);
  }

  /**
   * Replaces the given fields of a profile; omitted fields stay. A `channel` given here replaces the
   * whole channel object — use `addChannel` to add one channel. Passing `distinct_id` renames it.
   */
  async update(distinctId: string, changes: Partial<ProfileInput>, options?: RequestOptions): Promise<FynoEnvelope> {
    const path = `/profiles/${segment(distinctId)}`;
    validateProfile(changes ?? {}, false);
    try {
      return await execute(this.#ctx, { method: 'PUT', path, body: JSON.stringify(changes ?? {}), idempotent: true }, options);
    } catch (error) {
      // A rename (`changes.distinct_id`) onto an id that is taken.
      throw asProfileExists(error);
    }
  }

  /** Merges `sourceId` into `targetId` and deletes the source (renames it when the target is missing). */
  merge(sourceId: string, targetId: string, options?: RequestOptions): Promise<FynoEnvelope> {
    const path = `/profiles/${segment(sourceId, 'sourceId')}/merge/${segment(targetId, 'targetId')}`;
    return execute(this.#ctx, { method: 'PATCH', path, idempotent: false }, options);
  }

  /** Deletes one or more profiles. */
  delete(distinctIds: string | string[], options?: RequestOptions): Promise<FynoEnvelope> {
    const ids = Array.isArray(distinctIds) ? distinctIds : [distinctIds];
    if (ids.length === 0) throw new FynoValidationError('distinct_id list must not be empty', 'distinct_id');
    ids.forEach((id, i) => segment(id, `distinct_id[${i}]`));
    return execute(this.#ctx, { method: 'POST', path: '/profiles/delete', body: JSON.stringify({ distinct_id: ids }), idempotent: false }, options);
  }

  /** Sets single-value channels (sms, email, …) and appends `push` / `inapp` tokens. */
  addChannel(distinctId: string, channel: ProfileChannels, options?: RequestOptions): Promise<FynoEnvelope> {
    const path = `/profiles/${segment(distinctId)}/channel`;
    validateChannels(channel);
    return execute(this.#ctx, { method: 'PATCH', path, body: JSON.stringify({ channel }), idempotent: false }, options);
  }

  /** Clears whole channels (`['sms', 'push']`) or removes specific tokens (`{ push: ['tok'] }`). */
  removeChannel(distinctId: string, remove: RemoveChannelInput, options?: RequestOptions): Promise<FynoEnvelope> {
    const body = Array.isArray(remove) ? { channel: remove } : remove;
    return execute(
      this.#ctx,
      { method: 'POST', path: `/profiles/${segment(distinctId)}/channel/delete`, body: JSON.stringify(body), idempotent: false },
      options,
    );
  }
}
