// Lint rules, including the house-style layer rules: who may import whom (HOUSE_STYLE.md §2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
  message: 'no Node APIs in this layer',
};
const electron = { group: ['electron', 'electron/*'], message: 'only main/electron may import electron' };
const db = { group: ['**/db/**', 'better-sqlite3'], message: 'only main/core talks to the database' };
const mainLayer = { group: ['**/main/**'], message: 'this layer may not import main/' };
const rendererLayer = { group: ['**/renderer/**'], message: 'this layer may not import the renderer' };

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'], location: 'start' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['shared/**/*.ts'],
    [
      nodeBuiltins,
      electron,
      db,
      mainLayer,
      rendererLayer,
      { group: ['react', 'react-dom', 'd3-selection'], message: 'shared/ is pure' },
    ],
  ),
  layer(
    ['figures/**/*.{ts,tsx}'],
    [
      nodeBuiltins,
      electron,
      db,
      mainLayer,
      rendererLayer,
      {
        group: ['d3-selection', 'd3', 'react-dom', 'react-dom/*'],
        message: 'figures/ draws with React elements only',
      },
    ],
  ),
  layer(['db/**/*.ts'], [electron, mainLayer, rendererLayer]),
  layer(
    ['main/core/**/*.{ts,tsx}', 'main/importers/**/*.ts', 'main/cli/**/*.ts', 'main/server/**/*.ts'],
    [electron, rendererLayer],
  ),
  layer(['main/electron/**/*.ts'], [rendererLayer, db]),
  layer(
    ['renderer/**/*.{ts,tsx}'],
    [
      nodeBuiltins,
      electron,
      db,
      mainLayer,
      { group: ['d3-selection', 'd3'], message: 'React owns the DOM: use d3 math/shape packages only' },
    ],
  ),
);
