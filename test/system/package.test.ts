/**
 * The npm tarball and the mingw-w64 cross-build: the cross-build loads through the
 * package's own loader from build/Release/, and never ships (it imports node.exe by name,
 * so it cannot load in Electron); the tarball carries what a build from source needs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { readPeImports } from '../../scripts/pe-imports.mjs';
import { CROSS_BUILT_ADDON, ROOT } from './harness/environment.js';
import { evaluate, system } from './harness/remote.js';

const ctx = system();

describe.skipIf(ctx.mode !== 'wine')(`the npm tarball and the cross-build${ctx.mode === 'wine' ? '' : ' (skipped: needs the cross-build, made under Wine on Linux)'}`, { timeout: 120_000 }, () => {
  test('npm pack (its prepack check included) ships no native binary made here, and the sources for a build from source', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([]);
    for (const f of ['package.json', 'README.md', 'binding.gyp', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts', 'scripts/install.js', 'src-native/addon.cc', 'src-native/platform.h']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|\.cache|build|build-cross|node_modules|etc)\//.test(f))).toEqual([]);
  });

  test('node-gyp-build finds the cross-build in build/Release, as it would a build from source', async () => {
    const found = await evaluate(async (_api, root: string, require) => {
      const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };
      return nodeGypBuild.resolve(root);
    }, ROOT);
    expect(found.replace(/\\/g, '/')).toMatch(/build\/Release\/netioapi\.node$/);
  });

  test('the cross-build names node.exe in its regular import table, and npm pack refuses it in prebuilds/', () => {
    const image = readPeImports(fs.readFileSync(CROSS_BUILT_ADDON));
    expect(image).toMatchObject({ machine: 0x8664, pe32Plus: true, delayImports: [] });
    expect(image.imports).toContain('node.exe');
    // Agrees with binutils' reading of the same file.
    const objdump = execFileSync('x86_64-w64-mingw32-objdump', ['-p', CROSS_BUILT_ADDON], { encoding: 'utf8' });
    expect([...objdump.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1])).toEqual(image.imports);

    // A copy of the package with the cross-build where an earlier cross-build put it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-pack-'));
    try {
      for (const f of ['package.json', 'README.md', 'binding.gyp']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
      for (const d of ['dist', 'scripts', 'src-native']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
      fs.mkdirSync(path.join(dir, 'prebuilds', 'win32-x64'), { recursive: true });
      fs.copyFileSync(CROSS_BUILT_ADDON, path.join(dir, 'prebuilds', 'win32-x64', 'netioapi.napi.node'));
      let stderr = '';
      let status = 0;
      try {
        execFileSync('npm', ['pack', '--dry-run'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        ({ status, stderr } = error as { status: number; stderr: string });
      }
      expect(status).not.toBe(0);
      expect(stderr).toContain('check-pack: prebuilds/win32-x64/netioapi.napi.node imports node.exe by name');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
