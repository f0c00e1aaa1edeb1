#!/usr/bin/env node
// npm's prepack step: refuses to pack a native binary that would load in node.exe only.
//
// A .node built by mingw-w64 (npm run prebuild:cross) names `node.exe` in its regular PE
// import table, so it cannot load in Electron, whose host is not node.exe; and
// node-gyp-build would prefer it, from prebuilds/, over a build from source. The binaries
// that ship come from MSVC through node-gyp (prebuilds.yml), which names node.exe only in
// the delay-import table, where win_delay_load_hook redirects it to the host process.
// This check reads both tables (scripts/pe-imports.mjs) and fails on a regular import of
// node.exe. It also fails on a prebuilds/win32-ARCH/ binary that is not a PE image for ARCH.
//
// Usage: node scripts/check-pack.mjs [FILE...]
// Without FILE: every .node file that `npm pack` would put in the tarball.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PeFormatError, readPeImports } from './pe-imports.mjs';

const MACHINES = { x64: 0x8664, ia32: 0x14c, arm64: 0xaa64 };

/** The files `npm pack` would include, from its own dry run (scripts off, so no recursion). */
function packedFiles() {
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const out = execFileSync(cmd, [...args, 'pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out)[0].files.map((f) => f.path);
}

/** What is wrong with the binary at `file` (relative to the package), or '' when nothing is. */
function problemWith(file, bytes) {
  let image;
  try {
    image = readPeImports(bytes);
  } catch (error) {
    if (error instanceof PeFormatError) return `${file} is not a Windows binary (${error.message}).`;
    throw error;
  }
  if (image.imports.some((dll) => dll.toLowerCase() === 'node.exe')) {
    return (
      `${file} imports node.exe by name in its regular import table (a mingw-w64 build, such as ` +
      'npm run prebuild:cross makes): it loads in node.exe only, never in Electron, and node-gyp-build would ' +
      'prefer it over a build from source. Ship MSVC builds made by node-gyp (prebuilds.yml); the cross-build ' +
      'belongs in build/Release/, which is never packed.'
    );
  }
  const arch = /^prebuilds\/win32-([a-z0-9]+)\//.exec(file.replace(/\\/g, '/'))?.[1];
  const machine = arch === undefined ? undefined : MACHINES[arch];
  if (machine !== undefined && image.machine !== machine) {
    return `${file} is a binary for machine 0x${image.machine.toString(16)}, not for ${arch} (0x${machine.toString(16)}).`;
  }
  return '';
}

const files = process.argv.length > 2 ? process.argv.slice(2) : packedFiles().filter((f) => f.endsWith('.node'));
const problems = files.map((f) => problemWith(f, fs.readFileSync(path.resolve(f)))).filter(Boolean);
if (problems.length > 0) {
  for (const p of problems) console.error(`check-pack: ${p}`);
  console.error('check-pack: refusing to pack.');
  process.exit(1);
}
if (process.argv.length <= 2) console.error(`check-pack: ${files.length} native binar${files.length === 1 ? 'y' : 'ies'} checked, none imports node.exe by name.`);
