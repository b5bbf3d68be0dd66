// What a function's bundle may call on its runtime. esbuild lowers syntax to the runtime in
// cloudbaserc.json (scripts/build.js) but cannot add a global the runtime lacks, so the preflight
// looks for the Node.js APIs added after each version in the bundle's text. The list names what a
// 2026 toolchain is likely to reach for; a pattern is written to miss lookalikes (zod's `.union(`).
interface RuntimeApi {
  name: string;
  pattern: RegExp;
  /** The Node.js major version that added it. */
  since: number;
}

const RUNTIME_APIS: RuntimeApi[] = [
  { name: 'structuredClone', pattern: /(^|[^.\w$])structuredClone\(/m, since: 17 },
  { name: 'fetch', pattern: /(^|[^.\w$])fetch\(/m, since: 18 },
  { name: 'Array.prototype.findLast', pattern: /\.findLast(Index)?\(/, since: 18 },
  { name: 'globalThis.crypto（Web Crypto）', pattern: /(^|[^.\w$])crypto\.(randomUUID|getRandomValues|subtle)\b/m, since: 19 },
  { name: 'Array.prototype.toSorted / toReversed / toSpliced', pattern: /\.(toSorted|toReversed|toSpliced)\(/, since: 20 },
  { name: 'String.prototype.isWellFormed / toWellFormed', pattern: /\.(isWellFormed|toWellFormed)\(/, since: 20 },
  { name: 'File', pattern: /new File\(/, since: 20 },
  { name: 'Object.groupBy / Map.groupBy', pattern: /\b(Object|Map)\.groupBy\(/, since: 21 },
  { name: 'navigator', pattern: /(^|[^.\w$])navigator\./m, since: 21 },
  { name: 'Promise.withResolvers', pattern: /Promise\.withResolvers\(/, since: 22 },
  { name: 'Array.fromAsync', pattern: /Array\.fromAsync\(/, since: 22 },
  { name: 'WebSocket', pattern: /new WebSocket\(/, since: 22 },
  { name: 'process.getBuiltinModule', pattern: /process\.getBuiltinModule\(/, since: 22 },
];

/** Node.js major version of a CloudBase runtime name (Nodejs18.15 → 18). */
function runtimeMajor(runtime: string): number | null {
  const m = /^Nodejs(\d+)/.exec(runtime);
  return m ? Number(m[1]) : null;
}

/** The APIs `bundle` uses that `runtime` does not have. */
export function missingOnRuntime(bundle: string, runtime: string): string[] {
  const major = runtimeMajor(runtime);
  if (major === null) return [`未知的运行时 ${runtime}`];
  return RUNTIME_APIS.filter((api) => api.since > major && api.pattern.test(bundle)).map((api) => `${api.name}（Node.js ${api.since} 起才有）`);
}
