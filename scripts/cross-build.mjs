#!/usr/bin/env node
// Builds the addon on Linux with mingw-w64, for the system suite under Wine, into
// build/Release/netioapi.node: from the same sources and defines that binding.gyp gives
// the MSVC build (read from binding.gyp itself, so there is one list). Downloads nothing:
// Node-API's import library is made with dlltool from node-api-headers' .def file.
//
// Why build/Release/ and not prebuilds/: this binary imports node.exe by name, so it loads
// in node.exe only, never in Electron, and it must never ship (prebuilds/ is packed;
// build/ is not, and `npm pack` refuses such a binary anyway: scripts/check-pack.mjs).
// build/Release/ is where node-gyp puts a build from source, which node-gyp-build tries
// first; on Linux no MSVC build ever lands there, so the system suite loads this one
// through the package's real loader, as a Windows user's from-source install would.
//
// Usage: node scripts/cross-build.mjs [--force] [--quiet] [--bench]
// --bench builds the benchmark build instead (NETIOAPI_BENCH: the __bench entry and the
// OS stand-ins) into build-cross/bench/netioapi.node. Only the sources whose code differs
// with NETIOAPI_BENCH (scripts/configuration.mjs: today addon.cc, entrypoints.cc, bench.cc)
// are compiled with it; the others are the release build's objects, compiled (with the
// release defines, as the release build does) when stale. So the benchmark build costs a few
// compiles beside the release one, and the system suite can afford it under Wine.
// The build is incremental: an object is rebuilt when its source, any header in
// src-native/, this script or binding.gyp is newer than it.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { differsWithoutBench } from './configuration.mjs';
import { nodeExeImport } from './pe-imports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const bench = process.argv.includes('--bench');
const log = (line) => quiet || console.log(`prebuild:cross: ${line}`);

const CXX = process.env.NETIOAPI_MINGW_CXX || 'x86_64-w64-mingw32-g++-posix';
const DLLTOOL = process.env.NETIOAPI_MINGW_DLLTOOL || 'x86_64-w64-mingw32-dlltool';

function haveTool(tool) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!haveTool(CXX) || !haveTool(DLLTOOL)) {
  console.error(
    `prebuild:cross: ${CXX} or ${DLLTOOL} is missing.\n` +
      '  Install them with: sudo apt-get install -y mingw-w64 g++-mingw-w64-x86-64-posix',
  );
  process.exit(1);
}

const gyp = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8'));
const sources = gyp.variables.netioapi_sources;
const releaseDefines = gyp.variables.netioapi_defines;
// The sources compiled with NETIOAPI_BENCH into the benchmark build's own directory.
const benchSources = new Set(bench ? sources.filter((src) => differsWithoutBench(root, src)) : []);
const headersRoot = path.dirname(require.resolve('node-api-headers/package.json'));
const addonApiDir = require('node-addon-api').include_dir;

const releaseBuildDir = path.join(root, 'build-cross', 'win32-x64');
const buildDir = bench ? path.join(root, 'build-cross', 'win32-x64-bench') : releaseBuildDir;
const outDir = bench ? path.join(root, 'build-cross', 'bench') : path.join(root, 'build', 'Release');
const output = path.join(outDir, 'netioapi.node');
fs.mkdirSync(buildDir, { recursive: true });
fs.mkdirSync(outDir, { recursive: true });

const importsNodeExe = (file) => {
  try {
    return nodeExeImport(fs.readFileSync(file)) === 'regular';
  } catch {
    return false;
  }
};
// Never overwrite a build from source (MSVC, through node-gyp) with this one.
if (!bench && fs.existsSync(output) && !importsNodeExe(output) && !force) {
  console.error(`prebuild:cross: ${path.relative(root, output)} is not a mingw-w64 build (node-gyp made it?); leaving it alone. Use --force to replace it.`);
  process.exit(1);
}
// Earlier versions of this script wrote into prebuilds/, which is packed: remove that copy.
const legacy = path.join(root, 'prebuilds', 'win32-x64', 'netioapi.napi.node');
if (!bench && fs.existsSync(legacy) && importsNodeExe(legacy)) {
  fs.rmSync(legacy);
  if (fs.readdirSync(path.dirname(legacy)).length === 0) fs.rmdirSync(path.dirname(legacy));
  log(`removed ${path.relative(root, legacy)}, a mingw-w64 build that must not ship`);
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const nativeDir = path.join(root, 'src-native');
const headers = fs.readdirSync(nativeDir).filter((f) => f.endsWith('.h'));
const sharedInputs = Math.max(
  mtime(fileURLToPath(import.meta.url)),
  mtime(path.join(root, 'scripts', 'configuration.mjs')),
  mtime(path.join(root, 'binding.gyp')),
  ...headers.map((h) => mtime(path.join(nativeDir, h))),
);

const importLib = path.join(buildDir, 'libnode_api.a');
if (force || mtime(importLib) === 0) {
  execFileSync(DLLTOOL, ['-d', path.join(headersRoot, 'def', 'node_api.def'), '-l', importLib, '-D', 'node.exe']);
}

const cxxflags = (src) => [
  '-std=c++17',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Wno-unused-parameter',
  '-Wno-missing-field-initializers',
  '-Wno-cast-function-type',
  ...[...releaseDefines, ...(benchSources.has(src) ? ['NETIOAPI_BENCH'] : [])].map((d) => `-D${d}`),
  `-I${path.join(headersRoot, 'include')}`,
  `-I${addonApiDir}`,
];

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

const objects = sources.map((src) => path.join(!bench || benchSources.has(src) ? buildDir : releaseBuildDir, path.basename(src).replace(/\.cc$/, '.o')));
const stale = sources.filter((src, i) => force || mtime(objects[i]) < Math.max(sharedInputs, mtime(path.join(root, src))));

const started = Date.now();
const jobs = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
const queue = [...stale];
process.on('unhandledRejection', (error) => {
  console.error(`prebuild:cross: ${error.message}`);
  process.exit(1);
});
await Promise.all(
  Array.from({ length: jobs }, async () => {
    for (let src = queue.shift(); src; src = queue.shift()) {
      log(`compiling ${src}`);
      await run(CXX, [...cxxflags(src), '-c', path.join(root, src), '-o', objects[sources.indexOf(src)]]);
    }
  }),
);

if (stale.length > 0 || mtime(output) < Math.max(...objects.map(mtime))) {
  await run(CXX, [
    '-shared',
    '-static',
    '-static-libgcc',
    '-static-libstdc++',
    '-s',
    '-o',
    output,
    ...objects,
    `-L${buildDir}`,
    '-lnode_api',
  ]);
  log(`built ${path.relative(root, output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  log(`${path.relative(root, output)} is up to date`);
}
