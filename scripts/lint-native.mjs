#!/usr/bin/env node
// The native lint (part of npm run lint): every native source of binding.gyp, with the
// defines binding.gyp gives it (and NETIOAPI_BENCH, so that the benchmark build's code is
// checked too), compiled twice as a check, with nothing linked. Then the release
// configuration (no NETIOAPI_BENCH), through both compilers, for each source whose code
// differs there: one that tests NETIOAPI_BENCH itself, or includes (at any depth) a header
// of src-native/ whose NETIOAPI_BENCH regions hold more than declarations. That keeps the
// second pass to a few files: a declaration left in or out cannot warn.
//
// 1. mingw-w64 g++ at -Wall -Wextra -Wconversion -Werror: warnings are errors.
// 2. clang in MSVC mode (--target=x86_64-pc-windows-msvc -fms-compatibility
//    -fms-extensions -std=c++17), on the mingw-w64 Windows headers and libstdc++: a syntax
//    and semantics check with _MSC_VER defined, as cl.exe sees the code. The mingw
//    headers and libstdc++ expect GCC's predefined macros, so clang is told the GCC
//    version (-fgnuc-version) and given GCC's atomic macros, read from the mingw g++
//    itself; `__declspec` is defined as itself so that _mingw.h keeps its dllimport macros.
//
// What this cannot prove: that cl.exe and the Windows SDK's own headers accept the code
// (SDK declarations differ from mingw's in places), MSVC's warnings at /W4, and anything
// about linking. The Windows CI job builds with MSVC for that.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { differsWithoutBench } from './configuration.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const GXX = process.env.NETIOAPI_MINGW_CXX || 'x86_64-w64-mingw32-g++-posix';
const CLANG = process.env.NETIOAPI_CLANG || 'clang++';

function tool(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const missing = [];
if (tool(GXX, ['--version']) === undefined) missing.push('mingw-w64 g++-mingw-w64-x86-64-posix');
if (tool(CLANG, ['--version']) === undefined) missing.push('clang');
if (missing.length > 0) {
  console.error(`lint-native: missing ${missing.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}

const gyp = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8'));
const sources = gyp.variables.netioapi_sources;
const releaseDefines = [...gyp.variables.netioapi_defines, '_HAS_EXCEPTIONS=1'].map((d) => `-D${d}`);
const defines = [...releaseDefines, '-DNETIOAPI_BENCH'];

// The sources whose release configuration compiles code that the benchmark one does not, or
// the other way round (scripts/configuration.mjs).
const releaseSources = sources.filter((source) => differsWithoutBench(root, source));
const napiInclude = path.join(path.dirname(require.resolve('node-api-headers/package.json')), 'include');
const addonInclude = require('node-addon-api').include_dir;
const thirdParty = ['-isystem', napiInclude, '-isystem', addonInclude];

// Where the mingw g++ finds libstdc++ and the Windows headers, as it reports them.
const searchList = spawnSync(GXX, ['-std=c++17', '-E', '-x', 'c++', '-', '-v'], { input: '', encoding: 'utf8' }).stderr;
const dirs = searchList
  .slice(searchList.indexOf('#include <...> search starts here:'), searchList.indexOf('End of search list.'))
  .split('\n')
  .slice(1)
  .map((line) => path.normalize(line.trim()))
  .filter(Boolean);
// libstdc++ and the mingw-w64 headers, not GCC's own intrinsics headers (clang has its own).
const cxxDirs = dirs.filter((d) => /[/\\]c\+\+([/\\]|$)/.test(d));
const mingwDirs = dirs.filter((d) => !cxxDirs.includes(d) && !/[/\\]gcc[/\\]/.test(d));
const gccMacros = execFileSync(GXX, ['-std=c++17', '-dM', '-E', '-x', 'c++', '-'], { input: '', encoding: 'utf8' })
  .split('\n')
  .filter((line) => /^#define __GCC_(ATOMIC|HAVE_SYNC|CONSTRUCTIVE|DESTRUCTIVE)/.test(line));
const shimDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-lint-native-'));
const shim = path.join(shimDir, 'gcc-macros.h');
fs.writeFileSync(shim, `${gccMacros.join('\n')}\n`);
const clangInclude = path.join(execFileSync(CLANG, ['-print-resource-dir'], { encoding: 'utf8' }).trim(), 'include');

const compilers = [
  {
    name: 'mingw g++ -Wall -Wextra -Wconversion -Werror',
    cmd: GXX,
    args: ['-std=c++17', '-fsyntax-only', '-Wall', '-Wextra', '-Wconversion', '-Werror', ...thirdParty],
  },
  {
    name: 'clang, MSVC mode',
    cmd: CLANG,
    args: [
      '--target=x86_64-pc-windows-msvc', '-fms-compatibility', '-fms-extensions', '-fgnuc-version=12.2', '-std=c++17',
      '-fsyntax-only', '-Wall', '-Wextra', '-Werror', '-nostdinc', '-include', shim, '-D__STRICT_ANSI__', '-D__declspec=__declspec',
      '-isystem', clangInclude, ...cxxDirs.flatMap((d) => ['-isystem', d]), ...mingwDirs.flatMap((d) => ['-isystem', d]),
      ...thirdParty,
    ],
  },
];
const checks = [
  ...compilers.map((c) => ({ name: c.name, cmd: c.cmd, args: [...c.args, ...defines], sources })),
  ...compilers.map((c) => ({ name: `${c.name}, release configuration`, cmd: c.cmd, args: [...c.args, ...releaseDefines], sources: releaseSources })),
];

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const jobs = [];
for (const check of checks) for (const source of check.sources) jobs.push({ check, source });
const failures = [];
const width = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
const started = Date.now();
await Promise.all(
  Array.from({ length: width }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { code, output } = await run(job.check.cmd, [...job.check.args, path.join(root, job.source)]);
      if (code !== 0 || output.trim() !== '') failures.push(`${job.check.name}: ${job.source}\n${output}`);
    }
  }),
);
fs.rmSync(shimDir, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(failures.join('\n'));
  console.error(`lint-native: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log(
  `lint-native: ${sources.length} source(s) clean under ${compilers.map((c) => c.name).join(' and ')}, with NETIOAPI_BENCH; ` +
    `without it (the release configuration), the ${releaseSources.length} whose code differs there: ${releaseSources.map((s) => path.basename(s)).join(', ')} ` +
    `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
