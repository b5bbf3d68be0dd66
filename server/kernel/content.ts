// Content security (wechat-platform.md): every free text of a request that another person will read
// goes through security.msgSecCheck before anything is stored — in as few calls as the 2,500-character
// limit allows, all at once — so no text the contract accepts is stored unchecked or fails the call.
import type { z } from 'zod';
import { USER_TEXTS } from '../../typings/api';
import { ApiError } from './errors';
import { configurationAlarm, openApiErrorCode } from './openapi-errors';
import type { Deps } from './ports';

/** security.msgSecCheck takes at most this many characters per call. */
export const MSG_SEC_CHECK_MAX = 2500;
/** Text longer than one call is checked in overlapping slices, so no word is cut out of every slice. */
const OVERLAP = 20;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The user texts in `value`, found by walking `schema` beside it (zod's public schema definitions). */
export function userTexts(schema: z.ZodType, value: unknown, out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (USER_TEXTS.has(schema)) {
    if (typeof value === 'string' && value !== '') out.push(value);
    return out;
  }
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      for (const [key, field] of Object.entries(def.shape ?? {})) userTexts(field, (value as Record<string, unknown>)[key], out);
      break;
    case 'array':
      for (const item of value as unknown[]) userTexts(def.element!, item, out);
      break;
    case 'record':
      for (const item of Object.values(value as Record<string, unknown>)) userTexts(def.valueType!, item, out);
      break;
    case 'union':
      // Each branch reads only its own keys; a text in any branch is checked.
      for (const option of def.options ?? []) userTexts(option, value, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      userTexts(def.innerType!, value, out);
      break;
    case 'pipe':
      userTexts(def.in!, value, out);
      break;
  }
  return out;
}

/** Texts packed into as few calls as possible, each within the limit (counted in characters). */
export function contentChunks(texts: string[], max = MSG_SEC_CHECK_MAX): string[] {
  const pieces: string[] = [];
  for (const t of new Set(texts)) {
    const chars = [...t];
    if (chars.length <= max) pieces.push(t);
    else for (let i = 0; i < chars.length; i += max - OVERLAP) pieces.push(chars.slice(i, i + max).join(''));
  }
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    const size = [...piece].length;
    if (current.length > 0 && length + 1 + size > max) {
      chunks.push(current.join('\n'));
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? 1 : 0) + size;
    current.push(piece);
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}

/** The content check runs in the `api` function: the one a configuration alarm tells the operator to upload again. */
const API_FUNCTION = 'api';

/**
 * A check that could not be made fails the request (nothing is stored unchecked) with a catalogue
 * code, never WeChat's raw text: NOT_CONFIGURED when the deployment is wrong (its alarm goes to the
 * function's log for the operator), INTERNAL otherwise; `detail` keeps only the API and its code.
 */
function checkFailed(e: unknown): ApiError {
  const errCode = openApiErrorCode(e);
  const alarm = configurationAlarm('security.msgSecCheck', API_FUNCTION, errCode);
  if (alarm) console.error(alarm);
  return new ApiError(alarm ? 'NOT_CONFIGURED' : 'INTERNAL', `security.msgSecCheck ${errCode ?? 'failed'}`);
}

/** Refuse the request when WeChat finds any of its texts risky ('review' passes, as WeChat advises). */
export async function checkTexts(deps: Deps, openid: string, texts: string[]): Promise<void> {
  const verdicts = await Promise.all(contentChunks(texts).map((chunk) => deps.checkContent(openid, chunk))).catch((e: unknown) => {
    throw checkFailed(e);
  });
  if (verdicts.includes('risky')) throw new ApiError('CONTENT_RISKY');
}
