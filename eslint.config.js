// ESLint (flat config): typescript-eslint's recommended rules, and the import boundaries that
// keep the picture of README "Architecture":
//   domain imports nothing of ours · contract knows only domain · data knows no UI ·
//   map takes arrays and never fetches · layers know no feature · features know no local stack.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** One no-restricted-imports rule: `regex` over the import path, with the reason as the message. */
const forbid = (...rules) => ['error', { patterns: rules.map(([regex, message]) => ({ regex, message })) }]

const OUR_UP = (dirs) => `^(\\.\\./)+(${dirs})/`
const NO_LOCAL_STACK = ['(^|/)supabase/|(^|/)test/', 'the app knows no local stack or test code: talk to Supabase through src/data']

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'test-results/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc (noUnusedLocals / noUnusedParameters) already reports these, with the same meaning
      '@typescript-eslint/no-unused-vars': 'off',
      // browser and Node globals are checked by tsc, which knows the lib and types in use
      'no-undef': 'off',
    },
  },
  {
    files: ['test/**', 'supabase/**', '*.config.*'],
    rules: {
      // tests reach into window hooks and driver objects whose types are not ours
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/domain/**'],
    rules: { 'no-restricted-imports': forbid(['^\\.\\./', 'src/domain holds the pure rules: it imports nothing of ours']) },
  },
  {
    files: ['src/geo/**'],
    rules: { 'no-restricted-imports': forbid(['^\\.\\./', 'src/geo is pure coordinate maths: it imports nothing of ours']) },
  },
  {
    files: ['src/contract/**'],
    rules: { 'no-restricted-imports': forbid([OUR_UP('data|map|layers|features|app'), 'src/contract is shared by data and map: it may use src/domain only']) },
  },
  {
    files: ['src/data/**'],
    rules: {
      'no-restricted-imports': forbid(
        [OUR_UP('map|layers|features|app'), 'src/data knows no UI: no map, layers, features or app'],
        ['^(preact|maplibre-gl|@deck\\.gl/)', 'src/data knows no UI: no preact, MapLibre or deck.gl'],
        NO_LOCAL_STACK,
      ),
    },
  },
  {
    files: ['src/map/**'],
    rules: {
      'no-restricted-imports': forbid(
        [OUR_UP('data|layers|features|app'), 'src/map takes arrays and never fetches: no data, layers, features or app (row types are in src/contract)'],
        ['^@supabase/', 'src/map never fetches'],
      ),
      'no-restricted-globals': ['error', { name: 'fetch', message: 'src/map never fetches' }],
    },
  },
  {
    files: ['src/layers/**'],
    rules: {
      'no-restricted-imports': forbid([OUR_UP('features'), 'a layer module knows no feature: features pick layers from the registry'], NO_LOCAL_STACK),
    },
  },
  {
    files: ['src/features/**', 'src/app/**', 'src/main.tsx'],
    rules: { 'no-restricted-imports': forbid(NO_LOCAL_STACK) },
  },
)
