// Types of scripts/package-size.js for the tests and the benchmark.
export const LIMIT: number;
export const MAIN_BUDGET: number;
export function packageSizes(root?: string): { sizes: Record<string, number>; files: string[]; limit: number; mainBudget: number };
