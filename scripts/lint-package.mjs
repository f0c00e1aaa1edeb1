#!/usr/bin/env node
// npm run lint's checks of the package as users get it, on a fresh build of dist/:
// - the API report (etc/netioapi.api.md, @microsoft/api-extractor) matches the exported
//   surface: a change to it must be committed with `npm run api`, so reviewers see it;
// - publint: package.json's exports, files and types point at what the tarball holds;
// - @arethetypeswrong/cli (attw --pack): the types resolve for require and import, under
//   node10, node16 (CommonJS and ESM) and bundler resolution.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, cmd, args, hint) {
  process.stdout.write(`lint:package: ${title}\n`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`lint:package: ${title} failed${hint ? `. ${hint}` : ''}`);
    process.exit(1);
  }
}

step('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
step('API report (api-extractor)', bin('api-extractor'), ['run'], 'The exported surface changed: run `npm run api` and commit etc/netioapi.api.md.');
step('publint', bin('publint'), ['--strict']);
step('types for require and import (attw --pack)', bin('attw'), ['--pack', '.', '--format', 'table-flipped']);
