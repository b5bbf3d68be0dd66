// Lint rules. The block for domain/ is the architecture rule of STYLE.md §1: the domain core is
// pure, so it may not import WeChat, an SDK, server code or functions, nor read the clock.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { importX, createNodeResolver } = require('eslint-plugin-import-x');

const domainPurity = {
  files: ['domain/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['wx-server-sdk', '@cloudbase/*', 'miniprogram-*', 'wx', 'wx/*'], message: 'domain/ is pure: no WeChat or CloudBase SDK.' },
        { group: ['**/server', '**/server/*', '**/cloudfunctions/*', '**/cloudbase-local/*', '**/miniprogram/*'], message: 'domain/ may not depend on server/, cloudfunctions/, cloudbase-local/ or miniprogram/.' },
        { group: ['fs', 'fs/*', 'node:*', 'http', 'https', 'net', 'child_process'], message: 'domain/ does no I/O.' },
      ],
    }],
    'no-restricted-globals': ['error',
      { name: 'wx', message: 'domain/ is pure: no wx.' },
      { name: 'process', message: 'domain/ is pure: no process (environment, clock).' },
    ],
    'no-restricted-syntax': ['error',
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ never reads the clock: take `now` as a parameter.' },
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ never reads the clock: take `now` as a parameter.' },
      { selector: "CallExpression[callee.name='dayjs'][arguments.length=0]", message: 'domain/ never reads the clock: dayjs() needs an explicit instant.' },
      { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'domain/ never reads the clock.' },
    ],
  },
};

// Layering (STYLE.md "domain-driven-hexagon", ../shared/server-layout.md): server/kernel/ is the
// bottom floor and knows no module — complaints, company, communication and statistics stand on it,
// api.ts and events.ts on top. In the mini-program only services/ talk to the cloud, so every call
// goes through one typed place with one error mapping.
const kernelKnowsNoModule = {
  files: ['server/kernel/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ group: ['../complaints/*', '../company/*', '../communication/*', '../statistics/*', '../api', '../events'], message: 'server/kernel/ knows no module: a module registers with the kernel (as the scheduler\'s swept kinds and statistics step do).' }],
    }],
  },
};

// No import cycle anywhere: a cycle is two modules that cannot be read, tested or moved apart.
const noCycles = {
  files: ['**/*.ts'],
  ignores: ['tests/**', 'bench/**'],
  plugins: { 'import-x': importX },
  settings: {
    'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    'import-x/extensions': ['.ts', '.js'],
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
  },
  rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
};

// Every refusal is a catalogue code with its own sentence (domain/errors.ts codes, server/kernel/errors.ts
// sentences), and what people read is worded in a module's views — so a Chinese string anywhere else in
// server/ is a sentence that bypassed both. The allow-list is the files whose job is wording:
// Ideographs only: a list's 、 or ； joins what people wrote and is not a sentence of ours.
const CJK = '[\\u3400-\\u4dbf\\u4e00-\\u9fff]';
const WORDING_FILES = [
  'server/kernel/errors.ts', // the error catalogue: every refusal's sentence
  'server/*/views.ts', // a module's wording of what people read: views, messages, workbook sheets
  'server/kernel/templates.ts', // the subscription-message fields, named as the company's templates name them
  'server/kernel/openapi-errors.ts', // the platform's failures worded for the operator who must fix the deployment
  // The statistics workbook and figure definitions: every literal there is a sheet or a definition the office reads.
  'server/statistics/report.ts',
  'server/statistics/communication.ts',
  'server/statistics/company.ts',
];
const sentencesLiveInTheCatalogue = {
  files: ['server/**/*.ts'],
  ignores: WORDING_FILES,
  rules: {
    'no-restricted-syntax': ['error',
      { selector: `Literal[value=/${CJK}/]`, message: 'A Chinese sentence in server/ belongs in the error catalogue (a refusal: domain/errors.ts code, server/kernel/errors.ts sentence) or in the module\'s views.ts (what people read).' },
      { selector: `TemplateElement[value.raw=/${CJK}/]`, message: 'A Chinese sentence in server/ belongs in the error catalogue (a refusal: domain/errors.ts code, server/kernel/errors.ts sentence) or in the module\'s views.ts (what people read).' },
    ],
  },
};

const onlyServicesCallTheCloud = {
  files: ['miniprogram/**/*.ts'],
  ignores: ['miniprogram/services/**', 'miniprogram/miniprogram_npm/**'],
  rules: {
    'no-restricted-properties': ['error',
      { object: 'wx', property: 'cloud', message: 'Only miniprogram/services/ call the cloud.' },
      { object: 'wx', property: 'request', message: 'Only miniprogram/services/ make network requests.' },
      { object: 'wx', property: 'uploadFile', message: 'Only miniprogram/services/ upload files.' },
    ],
  },
};

// CloudBase Local (cloudbase-local/, the @wuye/cloudbase-local package) stands alone: it imports
// nothing of the product — not domain/, server/, scripts/, database/ — which hands it what it needs
// (collections, calendar, demo) as plugins at start. A relative path that climbs out of the
// package is refused, by import or require, at every depth of its folders.
const localStandsAlone = [1, 2, 3, 4].map((depth) => {
  const escape = `^(\\.\\./){${depth}}`;
  const message = 'cloudbase-local/ is a package of its own: it imports nothing of the product. Take what it needs as a plugin at start (see cloudbase-local/README.md).';
  return {
    files: [`cloudbase-local/${'*/'.repeat(depth - 1)}*.{ts,js}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: escape, message }] }],
      // esquery's regex may not hold a slash: \x2F stands for it.
      'no-restricted-syntax': ['error', { selector: `CallExpression[callee.name='require'][arguments.0.value=/${escape.replace('/', '\\x2F')}/]`, message }],
    },
  };
});

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cloudbase-local/dist/**', 'coverage/**', '.cloudbase-local/**', 'miniprogram/miniprogram_npm/**', 'cloudfunctions/*/index.js', 'cloudfunctions/*/node_modules/**', 'tests/**/fixtures/**', 'bench/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', Request: 'readonly', Response: 'readonly', Headers: 'readonly', structuredClone: 'readonly', clearImmediate: 'readonly', TransformStream: 'readonly', ReadableStream: 'readonly', WritableStream: 'readonly', AbortController: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  domainPurity,
  kernelKnowsNoModule,
  noCycles,
  onlyServicesCallTheCloud,
  ...localStandsAlone,
  sentencesLiveInTheCatalogue,
);
