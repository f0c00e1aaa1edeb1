#!/usr/bin/env node
// Fails unless every named platform has a prebuilt .node: in prebuilds/, or, with
// --tarball FILE, inside that npm tarball.
// Usage: node scripts/check-prebuilds.mjs [--tarball netioapi-x.y.z.tgz] win32-x64 win32-arm64 …
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let tarball;
if (args[0] === '--tarball') {
  tarball = args[1];
  args.splice(0, 2);
}
if (args.length === 0) {
  console.error('usage: check-prebuilds.mjs [--tarball FILE] PLATFORM-ARCH…');
  process.exit(2);
}

let files;
if (tarball) {
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
} else {
  files = [];
  for (const dir of fs.existsSync('prebuilds') ? fs.readdirSync('prebuilds') : []) {
    for (const f of fs.readdirSync(path.join('prebuilds', dir))) {
      if (fs.statSync(path.join('prebuilds', dir, f)).size > 0) files.push(`prebuilds/${dir}/${f}`);
    }
  }
}

const missing = args.filter((platform) => !files.some((f) => f.startsWith(`prebuilds/${platform}/`) && f.endsWith('.node')));
for (const platform of args) {
  const found = files.filter((f) => f.startsWith(`prebuilds/${platform}/`) && f.endsWith('.node'));
  console.log(`${platform}: ${found.length ? found.join(', ') : 'MISSING'}`);
}
if (missing.length) {
  console.error(`missing prebuilds${tarball ? ` in ${tarball}` : ''}: ${missing.join(', ')}`);
  process.exit(1);
}
