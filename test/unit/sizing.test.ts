/**
 * The buffer-sizing policy of every table read (src-native/sizing.h), driven with fake OS
 * functions. The policy is plain C++, so this builds test/unit/native/sizing.cc with the
 * host's compiler and checks what each scenario saw; the same header is compiled into the
 * addon, whose system suite reads a table that grows while it is read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPILERS = [process.env.CXX, 'c++', 'g++', 'clang++'].filter((c): c is string => !!c);
const compiler = COMPILERS.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);

interface Scenario {
  scenario: string;
  code: number;
  attempts: number;
  reported: number;
  capacity: number;
  calls: { given: number; buffer: boolean }[];
}

const title = compiler
  ? 'the sizing policy (src-native/sizing.h) with fake OS functions'
  : 'the sizing policy (skipped: needs a C++ compiler on PATH, such as g++ or clang++, to build its driver)';

describe.skipIf(!compiler)(title, () => {
  const results = new Map<string, Scenario>();

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-sizing-'));
    try {
      const exe = path.join(dir, process.platform === 'win32' ? 'sizing.exe' : 'sizing');
      execFileSync(compiler!, ['-std=c++17', '-Wall', '-Wextra', '-Wconversion', '-Werror', '-I', path.join(ROOT, 'src-native'), path.join(ROOT, 'test', 'unit', 'native', 'sizing.cc'), '-o', exe]);
      for (const line of execFileSync(exe, { encoding: 'utf8' }).trim().split('\n')) {
        const s = JSON.parse(line) as Scenario;
        results.set(s.scenario, s);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const need = (rows: number) => 4 + 24 * rows;

  test('ERROR_INSUFFICIENT_BUFFER twice, with a growing size: each retry gets what the OS asked for plus headroom, and the third call succeeds', () => {
    const s = results.get('grows twice')!;
    expect(s).toMatchObject({ code: 0, attempts: 3, reported: need(400) });
    const [first, second, third] = s.calls.map((c) => c.given);
    expect(first).toBe(1024); // the guess
    expect(second).toBeGreaterThanOrEqual(need(100)); // what the first answer asked for...
    expect(second).toBeLessThan(need(400)); // ...but the table grew before the second call
    expect(third).toBeGreaterThanOrEqual(need(400));
    expect(third).toBeGreaterThanOrEqual(need(420)); // the headroom absorbed the third growth
    expect(s.calls.every((c) => c.buffer)).toBe(true);
    expect(s.capacity).toBe(third);
  });

  test('without a guess the first call asks for the size with no buffer, as documented', () => {
    expect(results.get('no guess')).toMatchObject({ code: 0, attempts: 2, calls: [{ given: 0, buffer: false }, { buffer: true }] });
  });

  test('a good guess costs one call', () => {
    expect(results.get('good guess')).toMatchObject({ code: 0, attempts: 1, calls: [{ given: 4096, buffer: true }] });
  });

  test('a table that outgrows every buffer: ERROR_INSUFFICIENT_BUFFER after maxAttempts calls, no endless loop', () => {
    const s = results.get('never fits')!;
    expect(s).toMatchObject({ code: 122, attempts: 4, reported: need(400000) });
    const given = s.calls.map((c) => c.given);
    expect(given).toEqual([...given].sort((a, b) => a - b));
  });

  test('an OS that reports no bigger size still gets a bigger buffer each time', () => {
    const s = results.get('size not reported')!;
    expect(s.code).toBe(0);
    expect(s.calls.map((c) => c.given)).toEqual([3000, 6000, 12000, 24000]);
  });

  test('any other answer comes back at once', () => {
    expect(results.get('other error')).toMatchObject({ code: 87, attempts: 1 });
  });

  test("ERROR_BUFFER_OVERFLOW (GetAdaptersAddresses, GetNetworkParams) is retried under a policy that names it, growing past the 15 KB first guess", () => {
    const named = results.get('buffer overflow, named')!;
    expect(named).toMatchObject({ code: 0, attempts: 2, reported: 256 * 61 });
    expect(named.calls.map((c) => c.given)).toEqual([15 * 1024, expect.any(Number)]);
    // The second buffer had room for the adapter that appeared between the two calls.
    expect(named.calls[1]!.given).toBeGreaterThanOrEqual(256 * 62);
    // The default policy (ERROR_INSUFFICIENT_BUFFER) does not retry another code.
    expect(results.get('buffer overflow, default policy')).toMatchObject({ code: 111, attempts: 1 });
  });

  test('a size past the ceiling is ERROR_NOT_ENOUGH_MEMORY', () => {
    expect(results.get('too big')).toMatchObject({ code: 8, attempts: 1, capacity: 512 });
  });
});
