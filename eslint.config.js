import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Each process's folder may only import what runs there; these rules keep it so
// (test/unit/eslint-config.test.ts proves each one fires).

/** The Electron shell: the only files of main that may import Electron. */
export const SHELL_FILES = ['main/index.ts', 'main/window.ts', 'main/app-protocol.ts', 'main/keychain.ts', 'main/electron-native-shell.ts'];

const noElectron = {
  name: 'electron',
  message: 'Only the main shell (main/index.ts, window.ts, app-protocol.ts, keychain.ts, electron-native-shell.ts) and preload/index.ts may import Electron.',
};
const zodTypesOnly = {
  name: 'zod',
  allowTypeImports: true,
  message: 'Only main loads zod; common/ and the renderer import its types only.',
};
const noNode = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'The renderer and common/ have no Node.' };
// The rooms: a process's folder never imports another's (types included).
const notMain = { group: ['**/main', '**/main/**'], message: 'main/ is the main process: reach it through the IPC contract, not an import.' };
const notRenderer = { group: ['**/renderer', '**/renderer/**'], message: 'renderer/ is the page: main/, preload/ and common/ never import it.' };
const notPreload = { group: ['**/preload', '**/preload/**'], message: 'preload/ runs in the page’s preload script: only the renderer’s bridge() reaches it, through window.' };
/** The contract's modules: the renderer needs their types; calls go through bridge(). */
const contractTypesOnly = {
  group: ['**/common/ipc-contract', '**/common/contract/*', '**/common/ipc/*'],
  allowTypeImports: true,
  message: 'The renderer imports the IPC contract with `import type`; call main through bridge().',
};
// no-restricted-imports does not see import(): the same rooms for dynamic imports (lazy screens).
const dynamicImportOf = (folders, message) => ({
  selector: `ImportExpression > Literal[value=/(^|\\/)(${folders})(\\/|$)/]`,
  message,
});
const noEval = { selector: "Identifier[name='eval']", message: 'No eval.' };
const noIpcRenderer = { selector: "Identifier[name='ipcRenderer']", message: 'Use the typed bridge; ipcRenderer belongs to preload/index.ts.' };
// One object sets no-restricted-syntax per file (a later one replaces an earlier one's list).
const syntax = (...selectors) => ({ 'no-restricted-syntax': ['error', noEval, ...selectors] });
const restrict = (paths, patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      ...syntax(),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([noElectron, zodTypesOnly], [noNode, contractTypesOnly, notMain, notPreload]),
    },
  },
  {
    // common/: pure data and types shared by all three processes.
    files: ['common/**/*.ts'],
    rules: restrict([noElectron, zodTypesOnly], [noNode, notMain, notRenderer, notPreload]),
  },
  {
    // Pure modules of main: they run in plain Node under the unit tests and in the Chromium
    // harness. Every file of main/ but the shell, so a new folder is covered as it is made.
    files: ['main/**/*.ts'],
    ignores: SHELL_FILES,
    rules: restrict([noElectron], [notRenderer, notPreload]),
  },
  {
    files: SHELL_FILES,
    rules: restrict([], [notRenderer, notPreload]),
  },
  {
    files: ['preload/**/*.ts'],
    ignores: ['preload/index.ts'],
    rules: restrict([noElectron], [notMain, notRenderer]),
  },
  {
    files: ['preload/index.ts'],
    rules: restrict([], [notMain, notRenderer]),
  },
  // Only the preload script may touch ipcRenderer, and only to build the bridge.
  {
    files: ['main/**/*.ts'],
    rules: syntax(noIpcRenderer, dynamicImportOf('renderer|preload', notRenderer.message)),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: syntax(noIpcRenderer, dynamicImportOf('main|preload', notMain.message)),
  },
  {
    files: ['common/**/*.ts'],
    rules: syntax(noIpcRenderer, dynamicImportOf('main|renderer|preload', 'common/ imports neither main/, renderer/ nor preload/.')),
  },
);
