// Installs what the tests need on a fresh machine: the npm packages (without Electron's
// binary, which the tests do not need and some networks cannot fetch) and a Chromium
// for the end-to-end harness (Debian's package where apt exists, else Playwright's).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(command, args, env = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`setup: \`${command} ${args.join(' ')}\` failed`);
    process.exit(result.status ?? 1);
  }
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const chromiumPresent = () => Boolean(process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) || existsSync('/usr/bin/chromium');

// Keeps an Electron binary that `npm install` already fetched; skips it otherwise.
run('npm', ['install', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });

if (chromiumPresent()) {
  console.log('setup: Chromium found.');
} else if (process.platform === 'linux' && has('apt-get')) {
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => (asRoot.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args));
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'chromium']);
} else {
  run('npx', ['playwright', 'install', 'chromium']);
}
// pdftoppm (poppler-utils): the month-end e2e turns the exported PDF's first page into a PNG beside the screenshots.
if (process.platform === 'linux' && has('apt-get') && !has('pdftoppm')) {
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  run(...(asRoot.length ? ['sudo', ['apt-get', 'install', '-y', '--no-install-recommends', 'poppler-utils']] : ['apt-get', ['install', '-y', '--no-install-recommends', 'poppler-utils']]));
}
console.log('setup: ready for `npm test`.');
