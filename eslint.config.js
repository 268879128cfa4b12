// Lint rules for every TypeScript and Svelte file. Formatting is Prettier's job (`npm run format:check`); these
// rules catch mistakes the type checker lets through: floating promises, unused values, `any` leaking in.
import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.cache/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      'bench/results/',
      'contracts/out/',
      'contracts/cache/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        project: [
          'tsconfig.json',
          'core/tsconfig.json',
          'worker/tsconfig.json',
          'worker/tsconfig.node.json',
          'web/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A promise nobody awaits or catches loses its error: in a swarm that is a silent stall.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Prettier's printWidth, for what Prettier does not wrap: comments and long string literals. Human-readable
      // ABI signatures stay whole: viem's parseAbi infers its types from each signature's literal type, which a
      // concatenation of strings would lose.
      'max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: "^\\s*'(constructor|function|event|error|struct) .*',$",
        },
      ],
    },
  },
  // Playwright reads a test's fixtures from its first parameter's destructuring: `{}` asks for none.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  // Config files and solc's wrapper are plain JavaScript outside every tsconfig: no type information to lint with.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
)
