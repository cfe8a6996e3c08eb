/**
 * Runs an event rule's `data` check. Any validator shape is accepted (Standard Schema, `safeParse`,
 * `parse`, a function) so zod or valibot work without this package depending on them. A failure
 * yields a short message: the first issue, never a stack and never the caller's input echoed back.
 */
import { isJsonObject } from './body';
import type { DataRule } from './policy-types';

export type DataResult = { ok: true; data: Record<string, unknown> | undefined } | { ok: false; message: string };

const MAX_MESSAGE_LENGTH = 160;
const FALLBACK = 'The data for this event is not valid.';

interface IssueLike {
  message?: unknown;
  path?: ReadonlyArray<unknown>;
}

function pathText(path: ReadonlyArray<unknown> | undefined): string {
  if (!path || path.length === 0) return 'data';
  const parts = path.map((p) => {
    const key = typeof p === 'object' && p !== null && 'key' in p ? (p as { key: unknown }).key : p;
    return typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  });
  return `data${parts.join('')}`;
}

/** A one-line, length-capped message; control characters become spaces. */
function clean(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : line || FALLBACK;
}

function fromIssues(issues: unknown): string {
  const first = Array.isArray(issues) ? (issues[0] as IssueLike | undefined) : undefined;
  if (!first || typeof first.message !== 'string') return FALLBACK;
  return clean(`${pathText(first.path)}: ${first.message}`);
}

/** The message of a thrown validation error: its first issue when it has any (zod, valibot), else ours. */
function fromThrown(error: unknown): string {
  if (typeof error === 'object' && error !== null && Array.isArray((error as { issues?: unknown }).issues)) {
    return fromIssues((error as { issues: unknown }).issues);
  }
  return FALLBACK;
}

type Kind = 'standard' | 'safeParse' | 'parse' | 'function';

function kindOf(rule: DataRule): Kind | undefined {
  // Standard Schema first: arktype types are callable functions that also carry `~standard`.
  const standard = (rule as { '~standard'?: { validate?: unknown } })['~standard'];
  if (typeof standard === 'object' && standard !== null && typeof standard.validate === 'function') return 'standard';
  if (typeof (rule as { safeParse?: unknown }).safeParse === 'function') return 'safeParse';
  if (typeof (rule as { parse?: unknown }).parse === 'function') return 'parse';
  return typeof rule === 'function' ? 'function' : undefined;
}

type RunResult = { ok: true; value: unknown } | { ok: false; message: string };

async function run(kind: Kind, rule: DataRule, data: unknown): Promise<RunResult> {
  switch (kind) {
    case 'standard': {
      const validate = (rule as { '~standard': { validate: (v: unknown) => unknown } })['~standard'].validate;
      const result = (await validate(data)) as { value?: unknown; issues?: unknown };
      if (result.issues !== undefined) return { ok: false, message: fromIssues(result.issues) };
      return { ok: true, value: result.value };
    }
    case 'safeParse': {
      const result = (await (rule as { safeParse: (v: unknown) => unknown }).safeParse(data)) as
        | { success: true; data: unknown }
        | { success: false; error: unknown };
      if (!result.success) return { ok: false, message: fromThrown(result.error) };
      return { ok: true, value: result.data };
    }
    case 'parse':
      return { ok: true, value: await (rule as { parse: (v: unknown) => unknown }).parse(data) };
    case 'function':
      return { ok: true, value: await (rule as (v: unknown) => unknown)(data) };
  }
}

/**
 * Checks `data` against `rule`. The data must be a JSON object or absent before the check, and
 * the checked result must be one too, since that is all Fyno accepts as template data.
 * A misconfigured rule (not a validator at all) throws: that is the server's bug, not the caller's.
 */
export async function checkData(rule: DataRule | undefined, data: unknown): Promise<DataResult> {
  if (data !== undefined && !isJsonObject(data)) return { ok: false, message: 'data must be a JSON object.' };
  if (rule === undefined) return { ok: true, data };
  const kind = kindOf(rule);
  if (kind === undefined) {
    throw new TypeError("An event rule's `data` must be a Standard Schema, a parser with parse/safeParse, or a function");
  }
  let outcome: RunResult;
  try {
    outcome = await run(kind, rule, data);
  } catch (error) {
    // A throwing parser or function is the documented way to reject.
    return { ok: false, message: fromThrown(error) };
  }
  if (!outcome.ok) return outcome;
  if (outcome.value !== undefined && !isJsonObject(outcome.value)) {
    return { ok: false, message: 'data must be a JSON object.' };
  }
  return { ok: true, data: outcome.value };
}
