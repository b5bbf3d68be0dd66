// WeChat's rules for subscription-message template data (shared/reference/wechat-platform.md): the
// type of each keyword comes from its name (`thing1`, `time2`, `character_string3` …).

const CHINESE = /^[\u4e00-\u9fa5]+$/;
const TIME_ONE = /^(\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?)?\s*(\d{1,2}:\d{2}(:\d{2})?)?$/;
const DATE_ONE = /^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/;

function range(test: (v: string) => boolean): (v: string) => boolean {
  // Ranges are two values joined with `~`.
  return (v) => v.split('~').every((part) => part.trim() !== '' && test(part.trim()));
}

const RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => [...v].length <= 20,
  number: (v) => v.length <= 32 && /^-?\d+(\.\d+)?$/.test(v),
  letter: (v) => v.length <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => [...v].length <= 5 && /^[^A-Za-z0-9\u4e00-\u9fa5\s]+$/.test(v),
  character_string: (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v),
  time: range((v) => TIME_ONE.test(v) && /\d/.test(v)),
  date: range((v) => DATE_ONE.test(v)),
  amount: (v) => /^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => v.length <= 17 && /^[+\d\s-]+$/.test(v),
  car_number: (v) => [...v].length <= 8,
  name: (v) => (CHINESE.test(v) ? [...v].length <= 10 : v.length <= 20 && /^[A-Za-z\s.·]+$/.test(v)),
  phrase: (v) => [...v].length <= 5 && CHINESE.test(v),
  enum: (v) => v.length > 0,
};

/** The error message for invalid template data, or null when every keyword is valid. */
export function invalidTemplateData(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return 'argument invalid! data is empty';
  for (const [keyword, entry] of Object.entries(data as Record<string, unknown>)) {
    const type = keyword.replace(/\d+$/, '');
    const rule = RULES[type];
    const value = (entry as { value?: unknown } | null)?.value;
    if (!rule) return `argument invalid! data.${keyword} is not a keyword type`;
    if (typeof value !== 'string' || !rule(value)) return `argument invalid! data.${keyword}.value invalid`;
  }
  return null;
}

/** The error message when the data's keywords are not exactly the template's; null when they are (or the template's are unknown). */
export function wrongKeywords(data: unknown, keywords: readonly string[] | null): string | null {
  if (keywords === null) return null;
  const given = Object.keys(data as Record<string, unknown>);
  const stray = given.find((k) => !keywords.includes(k));
  if (stray) return `argument invalid! data.${stray} is not a keyword of the template`;
  const missing = keywords.find((k) => !given.includes(k));
  return missing ? `argument invalid! data.${missing} is missing` : null;
}
