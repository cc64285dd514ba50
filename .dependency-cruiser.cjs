// The boundaries of CONVENTIONS.md, checked in `npm test` (`npm run boundaries`) so they hold without
// anyone remembering them. Paths are relative to the repository root.

/** Files that only run in tests or as tools, never in a service or an app. */
const NOT_PRODUCTION = [
  '\\.test\\.tsx?$',
  '\\.spec\\.ts$',
  '(^|/)test/',
  '(^|/)tools/',
  '(^|/)test-support/',
  '(^|/)vitest\\.config\\.ts$',
];
const PRODUCTION_CODE =
  '^(backend-api|analytics-service|admin-panel|analytics-dashboard|frontend-store|packages/[^/]+)/src/';

module.exports = {
  forbidden: [
    {
      name: 'no-other-modules-repository',
      comment:
        "A module owns its tables: another module asks through the owner's service functions, never its repository.",
      severity: 'error',
      from: { path: '^(backend-api|analytics-service)/src/modules/([^/]+)/' },
      to: {
        path: '^(backend-api|analytics-service)/src/modules/[^/]+/[a-z-]*repository\\.ts$',
        pathNot: '^$1/src/modules/$2/',
      },
    },
    {
      name: 'no-other-modules-routes',
      comment:
        'Routes are entry points that app.ts registers; what two modules share lives in a module file or plugins/.',
      severity: 'error',
      from: { path: '^(backend-api|analytics-service)/src/modules/([^/]+)/' },
      to: {
        path: '^(backend-api|analytics-service)/src/modules/[^/]+/routes\\.ts$',
        pathNot: '^$1/src/modules/$2/',
      },
    },
    {
      name: 'no-sql-in-routes',
      comment: 'Routes parse and answer; the SQL (or MongoDB call) lives in a repository.',
      severity: 'error',
      from: { path: '^(backend-api|analytics-service)/src/modules/[^/]+/routes\\.ts$' },
      to: {
        path: [
          '(^|/)node_modules/(drizzle-orm|pg|postgres|mongodb)/',
          '^backend-api/src/db/',
          '^analytics-service/src/mongo\\.ts$',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'sql-only-in-repositories',
      comment:
        "A module's SQL lives in its repository (`repository.ts`, or `<tables>-repository.ts` when a module owns several groups of tables): services, routes and operation files get the transaction type, never drizzle, pg or the schema (one data-access style, one owner per table).",
      severity: 'error',
      from: {
        path: '^backend-api/src/modules/[^/]+/',
        pathNot: [
          '/[a-z-]*repository\\.ts$',
          '\\.test\\.ts$',
          '^backend-api/src/modules/accounts/bootstrap\\.ts$',
        ],
      },
      to: {
        path: ['(^|/)node_modules/(drizzle-orm|pg|postgres)/', '^backend-api/src/db/(schema|client)'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-page-imports-page',
      comment:
        "A page never imports another page: what two pages share is a feature's component or its queries.ts hook. (layout/report-page is the frame every report page fills, not a page.)",
      severity: 'error',
      from: {
        path: [
          '^(admin-panel|analytics-dashboard)/src/features/.+-page\\.tsx$',
          '^frontend-store/src/app/page\\.tsx$',
          '^frontend-store/src/app/.*/page\\.tsx$',
        ],
      },
      to: {
        path: [
          '^(admin-panel|analytics-dashboard)/src/features/.+-page\\.tsx$',
          '^frontend-store/src/app/page\\.tsx$',
          '^frontend-store/src/app/.*/page\\.tsx$',
        ],
        pathNot: ['^analytics-dashboard/src/features/layout/report-page\\.tsx$'],
      },
    },
    {
      name: 'no-test-support-or-tools-in-production',
      comment: 'Production code never imports tests, test support or dev tools (simulators, bench seeders).',
      severity: 'error',
      from: { path: PRODUCTION_CODE, pathNot: NOT_PRODUCTION },
      to: { path: NOT_PRODUCTION },
    },
    {
      name: 'no-test-libraries-in-production',
      comment: 'Test runners and generators stay out of what ships.',
      severity: 'error',
      from: { path: PRODUCTION_CODE, pathNot: NOT_PRODUCTION },
      to: {
        path: '(^|/)node_modules/(vitest|@vitest/[^/]+|fast-check|@playwright/[^/]+|@testing-library/[^/]+)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.next|dist|build|coverage|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.boundaries.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
