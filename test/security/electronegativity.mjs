// Runs Doyensec's Electronegativity over the sources and the build, and fails on any
// finding that the reviewed allowlist does not name with a reason. Electronegativity
// itself exits 0 whatever it finds, hence this wrapper.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const allowlistFile = 'test/security/electronegativity-allowlist.json';
const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8'));
for (const entry of allowlist) {
  if (!entry.check || !entry.file || !entry.reason || entry.reason.length < 20) {
    console.error(`${allowlistFile}: every entry needs a check, a file and a reason: ${JSON.stringify(entry)}`);
    process.exit(1);
  }
}

const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'electronegativity-')), 'report.sarif');
const run = spawnSync(
  process.platform === 'win32' ? 'npx.cmd' : 'npx',
  // The excluded check asks the network for Electron's security releases.
  ['--no-install', 'electronegativity', '-i', '.', '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
);
let results;
try {
  results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results;
} catch {
  console.error('Electronegativity produced no report.');
  console.error(run.stdout, run.stderr);
  process.exit(1);
}

const findings = results.map((result) => ({
  check: result.ruleId,
  file: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '(unknown)',
  line: result.locations?.[0]?.physicalLocation?.region?.startLine,
  message: result.message?.text ?? '',
}));
const allowed = (finding) => allowlist.some((entry) => entry.check === finding.check && entry.file === finding.file);
const unexpected = findings.filter((finding) => !allowed(finding));
const unused = allowlist.filter((entry) => !findings.some((f) => f.check === entry.check && f.file === entry.file));

console.log(`Electronegativity: ${findings.length} findings, ${findings.length - unexpected.length} allowlisted with a reason.`);
for (const entry of unused) console.log(`note: allowlist entry no longer needed: ${entry.check} in ${entry.file}`);
if (unexpected.length > 0) {
  for (const f of unexpected) console.error(`NOT ALLOWED ${f.check} ${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`);
  console.error(`Fix these, or add them to ${allowlistFile} with the reason they are safe.`);
  process.exit(1);
}
