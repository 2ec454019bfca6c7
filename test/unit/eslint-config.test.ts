// The lint rules that keep each process in its room, proven on small snippets linted as if
// they sat at the given paths (ESLint's API with the project's eslint.config.js): each rule
// fires where it must, and the imports the app relies on pass.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = '@typescript-eslint/no-restricted-imports';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });
});

/** The messages of the import rule (or another) for `code` linted as the file at `filePath`. */
async function importFindings(filePath: string, code: string, rule = RULE): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  if (!result) throw new Error('ESLint returned nothing');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`fixture does not parse: ${fatal[0]?.message}`);
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('nothing crosses into another process’s room', () => {
  it.each([
    ['main/ importing the renderer', 'main/domain/fixture.ts', "import { bridge } from '../../renderer/src/bridge';\nbridge();", /renderer\/ is the page/],
    ['the main shell importing the renderer', 'main/index.ts', "import { App } from '../renderer/src/App';\nApp();", /renderer\/ is the page/],
    ['main/ importing the preload', 'main/ipc/fixture.ts', "import { buildBridge } from '../../preload/bridge';\nbuildBridge();", /preload\/ runs in the page/],
    ['the renderer importing main', 'renderer/src/pages/Fixture.tsx', "import { redactSecrets } from '../../../main/domain/masking';\nredactSecrets('');", /main\/ is the main process/],
    ['the renderer importing main’s types', 'renderer/src/stores/fixture.ts', "import type { Logger } from '../../../main/logging/log-file';\nexport type L = Logger;", /main\/ is the main process/],
    ['the renderer importing the preload', 'renderer/src/fixture.ts', "import { buildBridge } from '../../preload/bridge';\nbuildBridge();", /preload\/ runs in the page/],
    ['common/ importing main', 'common/fixture.ts', "import { maskSecret } from '../main/domain/masking';\nmaskSecret('');", /main\/ is the main process/],
    ['common/ importing the renderer', 'common/contract/fixture.ts', "import { bridge } from '../../renderer/src/bridge';\nbridge();", /renderer\/ is the page/],
    ['the preload importing main', 'preload/bridge.ts', "import { dispatch } from '../main/ipc/dispatch';\nvoid dispatch;", /main\/ is the main process/],
  ])('refuses %s', async (_what, file, code, message) => {
    const findings = await importFindings(file, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(message);
  });
});

describe('Electron only in the shell', () => {
  it.each([
    'main/domain/fixture.ts',
    'main/logging/fixture.ts',
    'main/customers/fixture.ts',
    'main/a-folder-made-tomorrow/fixture.ts',
    'main/app-core.ts',
    'common/fixture.ts',
    'preload/bridge.ts',
    'renderer/src/fixture.tsx',
  ])('refuses electron in %s', async (file) => {
    const findings = await importFindings(file, "import { app } from 'electron';\nvoid app;");
    expect(findings).toEqual([expect.stringMatching(/Only the main shell/)]);
  });

  it.each(['main/index.ts', 'main/window.ts', 'main/app-protocol.ts', 'main/keychain.ts', 'main/electron-native-shell.ts', 'preload/index.ts'])(
    'lets %s import electron',
    async (file) => {
      expect(await importFindings(file, "import { app } from 'electron';\nvoid app;")).toEqual([]);
    },
  );
});

describe('the renderer and common/', () => {
  it('lets the renderer import the contract’s types only, and common/’s catalogues as values', async () => {
    const file = 'renderer/src/pages/Fixture.tsx';
    expect(await importFindings(file, "import type { SettingsView } from '../../../common/ipc-contract';\nexport type V = SettingsView;")).toEqual([]);
    expect(await importFindings(file, "import { IPC_CHANNELS } from '../../../common/ipc-contract';\nvoid IPC_CHANNELS;")).toEqual([
      expect.stringMatching(/import type/),
    ]);
    expect(await importFindings(file, "import { channel } from '../../../common/ipc/define';\nvoid channel;")).toEqual([expect.stringMatching(/import type/)]);
    expect(await importFindings(file, "import { GATEWAYS } from '../../../common/gateways';\nvoid GATEWAYS;")).toEqual([]);
  });

  it('keeps Node out of the renderer and common/, and zod to its types there', async () => {
    expect(await importFindings('renderer/src/fixture.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;")).toEqual([expect.stringMatching(/no Node/)]);
    expect(await importFindings('common/fixture.ts', "import path from 'path';\nvoid path;")).toEqual([expect.stringMatching(/no Node/)]);
    expect(await importFindings('common/fixture.ts', "import { z } from 'zod';\nvoid z;")).toEqual([expect.stringMatching(/Only main loads zod/)]);
    expect(await importFindings('common/fixture.ts', "import type { z } from 'zod';\nexport type Z = typeof z;")).toEqual([]);
  });

  it('lets main import common/ and Node', async () => {
    expect(await importFindings('main/domain/fixture.ts', "import { GATEWAYS } from '../../common/gateways';\nimport { readFileSync } from 'node:fs';\nvoid GATEWAYS;\nvoid readFileSync;")).toEqual([]);
  });
});

describe('dynamic imports and the syntax rules', () => {
  const SYNTAX = 'no-restricted-syntax';
  it('keeps import() in its room too', async () => {
    expect(await importFindings('renderer/src/App.tsx', "export const x = import('../../main/domain/masking');", SYNTAX)).toEqual([
      expect.stringMatching(/main\/ is the main process/),
    ]);
    expect(await importFindings('main/domain/fixture.ts', "export const x = import('../../renderer/src/bridge');", SYNTAX)).toEqual([
      expect.stringMatching(/renderer\/ is the page/),
    ]);
    expect(await importFindings('common/fixture.ts', "export const x = import('../preload/bridge');", SYNTAX)).toEqual([expect.stringMatching(/common\/ imports neither/)]);
    expect(await importFindings('renderer/src/App.tsx', "export const x = import('./pages/CustomersPage');", SYNTAX)).toEqual([]);
  });

  it('refuses eval and ipcRenderer in main, the renderer and common/ alike', async () => {
    for (const file of ['main/domain/fixture.ts', 'renderer/src/fixture.ts', 'common/fixture.ts']) {
      expect(await importFindings(file, "export const y = eval('1');", SYNTAX)).toEqual(['No eval.']);
      expect(await importFindings(file, 'declare const ipcRenderer: unknown;\nexport const y = ipcRenderer;', SYNTAX)).toHaveLength(2);
    }
  });
});
