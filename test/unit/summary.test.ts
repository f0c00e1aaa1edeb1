/** The closing line of npm test (test/support/summary-reporter.ts). */
import { describe, expect, test } from 'vitest';

import { skipReason, summaryLine } from '../support/summary-reporter.js';

const tally = (passed: number, failed: number, reasons: [string, number][] = []) => ({
  passed,
  failed,
  skipped: reasons.reduce((n, [, k]) => n + k, 0),
  reasons: new Map(reasons),
});

describe('the closing line of npm test', () => {
  test('names each suite, its counts, and why tests were skipped, grouped by reason', () => {
    const line = summaryLine(
      new Map([
        ['unit', tally(700, 0)],
        ['system', tally(120, 1, [['needs Windows, run elevated; the Windows CI job runs it', 9], ['needs Windows; the Windows CI job runs it', 2]])],
      ]),
      { NETIOAPI_SYSTEM_MODE: 'wine' },
    );
    expect(line).toBe(
      'npm test: unit (fake binding, any OS): 700 passed | system (Wine, in a network namespace): 120 passed, 1 FAILED, 11 skipped ' +
        '(9: needs Windows, run elevated; the Windows CI job runs it / 2: needs Windows; the Windows CI job runs it)',
    );
  });

  test('a system suite that could not run says why and how to enable it', () => {
    const reason = 'the system suite needs root to create a network namespace (run npm test as root, or in CI)';
    const line = summaryLine(new Map([['unit', tally(700, 0)], ['system', tally(0, 0, [[reason, 130]])]]), { NETIOAPI_SYSTEM_MODE: 'none', NETIOAPI_SYSTEM_SKIPPED: reason });
    expect(line).toBe(`npm test: unit (fake binding, any OS): 700 passed | system SKIPPED, all 130 tests: ${reason}`);
  });

  test('a run of the unit suite alone says the system suite did not run', () => {
    expect(summaryLine(new Map([['unit', tally(5, 0)]]), {})).toBe('npm test: unit (fake binding, any OS): 5 passed | system did not run (npm test runs it; npm run test:system alone)');
  });

  test('reasons come from the titles, nested parentheses included', () => {
    expect(skipReason('routes on Windows (skipped: needs an elevated (Administrator) process) > adds a route')).toBe('needs an elevated (Administrator) process');
    expect(skipReason('a plain title')).toBe('no reason given in its title');
  });
});
