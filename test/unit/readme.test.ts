/**
 * Every JavaScript and TypeScript block of README.md type-checks with `tsc --strict`
 * against the built declarations, as a consumer project that installed the package sees
 * them: `require('netioapi')` resolves to dist/index.d.ts and `import` to dist/index.d.mts
 * through package.json's exports. JavaScript blocks are checked too (checkJs). The system
 * suite runs the first example, from a tarball, under Wine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { README, readmeBlocks } from '../support/readme-blocks.js';

const ROOT = path.resolve(__dirname, '..', '..');
const built = fs.existsSync(path.join(ROOT, 'dist', 'index.d.ts'));

describe('the README', () => {
  const blocks = readmeBlocks();

  test('has the first example as CommonJS and as an ES module, and the recipes', () => {
    const files = blocks.map((b) => b.file);
    for (const f of ['first-example.cjs', 'first-example.mjs', 'cross-platform.mjs', 'default-gateway.mjs', 'split-tunnel.mjs', 'watch-routes.mjs']) expect(files).toContain(f);
    expect(new Set(files).size, 'two blocks name the same file').toBe(files.length);
    // Each is a whole file a reader can save: it brings in the package itself.
    for (const b of blocks) expect(b.code, b.file).toMatch(/require\('netioapi'\)|from 'netioapi'/);
  });

  test('documents every name the package exports, and every method of its helpers', () => {
    const text = fs.readFileSync(README, 'utf8');
    const mentioned = (name: string) => text.includes(`\`${name}`) || new RegExp(`[\\s(\`]${name.replace('.', '\\.')}\\(`).test(text);
    const names = Object.keys(api);
    expect(names.length).toBeGreaterThan(100);
    // A …Sync twin is documented with its Promise form.
    const undocumented = names.filter((n) => !mentioned(n.replace(/Sync$/, '')));
    expect(undocumented).toEqual([]);
    const helpers = { routes: api.routes, neighbors: api.neighbors, addresses: api.addresses, anycast: api.anycast, interfaces: api.interfaces, watch: api.watch, sockets: api.sockets, adapters: api.adapters, gateway: api.gateway, dns: api.dns };
    const methods = Object.entries(helpers).flatMap(([ns, object]) => Object.keys(object).map((m) => `${ns}.${m}`));
    expect(methods).toContain('routes.find');
    expect(methods).toContain('interfaces.list');
    expect(methods.filter((m) => !mentioned(m))).toEqual([]);
  });

  test.skipIf(!built)(`every code block type-checks with tsc --strict against the built declarations${built ? '' : ' (skipped: run npm run build first)'}`, { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-readme-'));
    try {
      // A consumer project: the package under node_modules, by a link to this one.
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'netioapi'), 'dir');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      for (const b of blocks) fs.writeFileSync(path.join(dir, b.file), b.code);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            allowJs: true,
            checkJs: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2022'],
            types: ['node'],
            typeRoots: [path.join(ROOT, 'node_modules', '@types')],
            skipLibCheck: false,
          },
          files: blocks.map((b) => b.file),
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8', cwd: dir });
      } catch (error) {
        output = (error as { stdout: string }).stdout;
      }
      // Point each error at the README line it comes from.
      const located = output.replace(/^([\w.-]+)\((\d+),(\d+)\)/gm, (whole, file: string, line: string) => {
        const block = blocks.find((b) => b.file === file);
        return block ? `README.md:${block.line + Number(line) - 1} (${file})` : whole;
      });
      expect(located).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
