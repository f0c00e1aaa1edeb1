/**
 * The npm tarball, after the system suite's setup made the cross-build: it ships the
 * prebuilt binary where node-gyp-build looks, and what a from-source build needs.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { system } from './harness/remote.js';

const ctx = system();

describe.skipIf(ctx.mode !== 'wine')(`the npm tarball${ctx.mode === 'wine' ? '' : ' (skipped: needs the cross-build, made under Wine on Linux)'}`, () => {
  test('npm pack lists the win32-x64 prebuild, the build and the native sources, and no tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('prebuilds/win32-x64/netioapi.napi.node');
    for (const f of ['package.json', 'README.md', 'binding.gyp', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts', 'scripts/install.js', 'src-native/addon.cc', 'src-native/platform.h']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('.cache/') || f.startsWith('build-cross/') || f.startsWith('node_modules/'))).toEqual([]);
  });

  test('node-gyp-build finds that prebuild for win32-x64', async () => {
    const { evaluate } = await import('./harness/remote.js');
    const found = await evaluate(async (_api, root: string, require) => {
      const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };
      return nodeGypBuild.resolve(root);
    }, ROOT);
    expect(found.replace(/\\/g, '/')).toMatch(/prebuilds\/win32-x64\/netioapi\.napi\.node$/);
  });
});
