/**
 * The built package as users load it: require() and import give the same module, with
 * its types, on any system. Needs `npm run build` (npm test runs it first).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const built = fs.existsSync(path.join(root, 'dist', 'index.js'));

function node(code: string, type: 'commonjs' | 'module'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

describe.skipIf(!built)(`the built package${built ? '' : ' (skipped: run npm run build first)'}`, () => {
  test('require() and import give one and the same module instance', () => {
    const out = node(
      `import { createRequire } from 'node:module';
       import * as esm from 'netioapi';
       import esmDefault from 'netioapi';
       const cjs = createRequire(import.meta.url)('netioapi');
       console.log(JSON.stringify({ same: esm.getIfTable2 === cjs.getIfTable2, sameDefault: esmDefault === cjs,
         error: esm.NetioError === cjs.NetioError, names: Object.keys(cjs).length, esmNames: Object.keys(esm).filter(k => k !== 'default').length }));`,
      'module',
    );
    const r = JSON.parse(out) as { same: boolean; sameDefault: boolean; error: boolean; names: number; esmNames: number };
    expect(r).toMatchObject({ same: true, sameDefault: true, error: true });
    expect(r.esmNames).toBe(r.names);
  });

  test('importing works off Windows and calls say they need Windows', () => {
    if (process.platform === 'win32') return;
    const out = node(
      `const n = require('netioapi');
       n.getIfTable2().catch(e => console.log(JSON.stringify({ code: e.code, name: e.name, msg: e.message })));`,
      'commonjs',
    );
    expect(JSON.parse(out)).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', name: 'NetioError', msg: expect.stringMatching(/needs Windows/) });
  });

  test('the declarations cover both entry points', () => {
    for (const file of ['index.d.ts', 'index.d.mts', 'interfaces.d.ts', 'errors.d.ts']) {
      expect(fs.existsSync(path.join(root, 'dist', file)), file).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, 'dist', 'interfaces.d.ts'), 'utf8')).toContain('export interface MibIfRow2');
  });
});
