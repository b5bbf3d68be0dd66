// Types of scripts/privacy-guide.js for the tests.
export interface Declaration {
  scope: string;
  name: string;
  purpose: string;
  typedIn?: string[];
}
export interface GuardedApis {
  source: string;
  apis: Record<string, string>;
  authorizeScopes: Record<string, string>;
  openTypes: Record<string, string>;
}
export interface Use {
  file: string;
  api: string;
  scope: string;
  line: number;
}
export function loadGuide(root?: string): { guarded: GuardedApis; declarations: Declaration[] };
export function scan(root?: string, guarded?: GuardedApis): Use[];
export function pages(root?: string, guarded?: GuardedApis): Array<{ page: string; uses: Use[]; scopes: string[]; hasPopup: boolean }>;
export function problems(root?: string, guide?: { guarded: GuardedApis; declarations: Declaration[] }): string[];
export function guideMarkdown(declarations?: Declaration[]): string;
export function readmeWithGuide(readme: string, declarations: Declaration[]): string;
