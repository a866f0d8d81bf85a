// ESLint (flat config): typescript-eslint with type information.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/*
 * Layering (ARCHITECTURE.md): adapters (client/cli, client/api) → operations (client/operations)
 * → store functions and workflow signals → pure rules (workflows/rules). Each folder lists what it
 * must not import; a pattern matches a relative import from any depth (`../client/…`,
 * `../../../client/…`). A later block replaces an earlier one's options for the same file, so
 * the folders' `files` do not overlap.
 */
const up = '^(\\.\\./)+'; // one or more `../`: the import climbs to a top-level folder
const below = (folders, message, allowTypeImports = false) => ({
  regex: `${up}(${folders.join('|')})(/|$)`,
  message,
  allowTypeImports,
});
const noClient = below(['client'], 'Only client/ imports client/: the layers below never call up.');
const noWorker = below(
  ['worker'],
  'client/ never imports worker/: an in-process worker comes through runtime/.',
);
const noAdapters = below(
  ['client/cli', 'client/api', 'cli', 'api'],
  'Operations never import an adapter (client/cli, client/api): adapters call operations.',
);
const noActivities = (allowTypeImports) =>
  below(
    ['activities'],
    'This layer is below activities/: it must not import them.',
    allowTypeImports,
  );
const noGenerated = below(
  ['generated'],
  'Workflows never touch the database (generated Prisma clients).',
);
const workflowIo = [
  noClient,
  noGenerated,
  below(
    ['activities', 'store', 'config', 'runtime', 'worker'],
    'Workflows import activities and store as types only (proxyActivities<typeof …>): do I/O in an activity.',
    true,
  ),
  { regex: '^@prisma/', message: 'Workflows never touch the database.' },
  {
    // `../<program>/<module>` from workflows/<program>/: another program's workflow module.
    regex: '^\\.\\./(?!\\.\\.|rules/)[^/]+/(?!signals$)[^/]+$',
    message:
      "A workflow uses another program's ids and signals from its signals.ts (or as a type).",
    allowTypeImports: true,
  },
];
// Below the operations, a workflow module is imported as a type only (an activity starts one with
// client.workflow.start<typeof wf>('wf')): ids, signals and argument types come from
// workflows/<program>/signals.ts.
const workflowAsType = {
  regex: `${up}workflows/(?!rules/)[^/]+/(?!signals$)[^/]+$`,
  message:
    'Import a workflow as a type only; ids and signals come from workflows/<program>/signals.ts.',
  allowTypeImports: true,
};
const builtins = (message) => nodeBuiltins.map((name) => ({ name, message }));
const ioPackages = [
  '@temporalio/client',
  '@temporalio/activity',
  '@temporalio/worker',
  '@temporalio/testing',
  'nodemailer',
  'pg',
  'better-sqlite3',
  'fastify',
  'exceljs',
  'pdfkit',
];
const restrict = (files, patterns, { ignores = [], paths = [] } = {}) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
  },
});
const layers = [
  restrict(['client/operations/**/*.ts'], [noAdapters, noWorker]),
  restrict(['client/**/*.ts'], [noWorker], { ignores: ['client/operations/**'] }),
  restrict(['activities/**/*.ts'], [noClient, workflowAsType]),
  restrict(['store/**/*.ts'], [noClient, noActivities(false), workflowAsType]),
  restrict(['config/**/*.ts', 'runtime/**/*.ts'], [noClient]),
  // The web console runs in the browser and reaches the system only through the HTTP API: no
  // operation, store, rule or Node module in a page (business rules stay on the server).
  restrict(
    ['console/src/**/*.{ts,tsx}'],
    [
      below(
        [
          'client',
          'store',
          'workflows',
          'activities',
          'common',
          'config',
          'runtime',
          'worker',
          'generated',
        ],
        'The console calls the HTTP API (console/src/api.ts); it imports no server code.',
      ),
    ],
    { paths: builtins('The console runs in the browser: no Node builtins.') },
  ),
  // Workflow code runs in Temporal's deterministic sandbox: no Node builtins, no clients, and
  // activities only as types (through proxyActivities).
  restrict(['workflows/**/*.ts'], workflowIo, {
    ignores: ['workflows/rules/**'],
    paths: [
      ...builtins('Workflows are deterministic: no Node builtins (do I/O in an activity).'),
      ...ioPackages.map((name) => ({ name, message: 'Workflows do I/O only through activities.' })),
    ],
  }),
  // Pure rules: no I/O at all, not even Temporal's workflow API (they are plain functions).
  restrict(
    ['workflows/rules/**/*.ts'],
    [
      noClient,
      noGenerated,
      below(
        ['activities', 'store', 'config', 'runtime', 'worker', 'prisma', 'generated'],
        'workflows/rules/ is pure: it imports nothing with I/O.',
      ),
      {
        // rules/ is flat: `../<anything but rules>` is a workflow program's folder.
        regex: '^\\.\\./(?!\\.\\.|rules/)',
        message: 'workflows/rules/ is pure: no workflow modules.',
      },
      {
        regex: '^@(temporalio|prisma)/',
        message: 'workflows/rules/ is pure: no Temporal or Prisma.',
      },
    ],
    {
      paths: [
        ...builtins('workflows/rules/ is pure: no Node builtins.'),
        ...ioPackages.map((name) => ({ name, message: 'workflows/rules/ is pure: no I/O.' })),
      ],
    },
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', '.data/', '.tools/', 'client/bin/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // An async function without await is a fine way to satisfy a Promise-returning interface.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...layers,
  {
    // Tests lean on vitest's loosely typed matchers (expect.any, JSON bodies).
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
