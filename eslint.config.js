import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Each process's folder may only import what runs there; these rules keep it so.
const noElectron = {
  name: 'electron',
  message: 'Only the main shell (main/*.ts) and preload/index.ts may import Electron.',
};
const noNode = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'The renderer has no Node.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='eval']", message: 'No eval.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noNode,
            {
              // The renderer reaches main through bridge() only; of the contract it needs the types.
              group: ['**/common/ipc-contract', '**/common/contract/*', '**/common/ipc/define'],
              allowTypeImports: true,
              message: 'The renderer imports the IPC contract with `import type`; call main through bridge().',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure modules: they run in plain Node under the unit tests and in the Chromium harness.
    files: [
      'common/**/*.ts',
      'main/domain/**/*.ts',
      'main/ipc/**/*.ts',
      'main/stripe/**/*.ts',
      'main/persistence/**/*.ts',
      'main/template/**/*.ts',
      'main/customers/**/*.ts',
      'main/month-end/**/*.ts',
      'main/threescale/**/*.ts',
      'main/app-core.ts',
      'main/native-shell.ts',
      'preload/bridge.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    // Only the preload script may touch ipcRenderer, and only to build the bridge.
    files: ['main/**/*.ts', 'renderer/**/*.{ts,tsx}', 'common/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcRenderer']", message: 'Use the typed bridge; ipcRenderer belongs to preload/index.ts.' },
      ],
    },
  },
);
