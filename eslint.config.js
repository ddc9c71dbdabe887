// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so
// it runs in seconds) plus no `any`. Layout is prettier's (.prettierrc.json), so
// eslint-config-prettier turns the stylistic rules off; max-len comes back after it. `npm run lint`.
import { js, prettierConfig, tseslint } from './tools/lint/index.js';

/** What plain JS files (fixtures, scripts, configs) may use without importing it. */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'fetch', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate'].map(
    (name) => [name, 'readonly'],
  ),
);

export default tseslint.config(
  { ignores: ['dist/', '**/node_modules/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `_name` marks a parameter kept for its position in a callback signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['spec/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Control characters in label values are exactly what these files strip and test for. Set
    // here, not inline: prettier may move the regex off the line after an inline directive.
    files: ['lib/labels/text.ts', 'spec/reliability/hostile-labels.spec.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...NODE_GLOBALS, require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettierConfig,
  {
    // Prettier wraps code at 140 columns but never comments: this holds comments (and any code it
    // could not wrap) to the same width. String and template literals stay whole (PromQL
    // expressions, alert texts, test sources are greppable as one piece); see docs/decisions.md.
    rules: {
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
);
