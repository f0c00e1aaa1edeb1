/**
 * The last line of `npm test`: which suites ran, how many tests passed, failed and were
 * skipped, and for the skipped ones why and how to run them. Vitest's own summary counts
 * skips without saying that a whole suite did not run, which a newcomer then misses.
 *
 * The reasons come from the tests' titles, which carry "(skipped: WHY)" (see
 * test/system/harness/remote.ts), and from the system suite's setup, which says why the
 * suite cannot run here (process.env.NETIOAPI_SYSTEM_SKIPPED, set in the same process).
 */
import type { TestModule } from 'vitest/node';
import { DefaultReporter } from 'vitest/reporters';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed outside any test (a hook, an import). */
  broken?: number;
  /** Skipped tests by the reason their title gives. */
  reasons: Map<string, number>;
}

const SUITES: Record<string, string> = {
  unit: 'unit (fake binding, any OS)',
  system: 'system',
  bench: 'bench',
};

/** The reason a skipped test's title (or one of its suites' titles) gives. */
export function skipReason(fullName: string): string {
  const match = /\(skipped: ([^()]*(?:\([^()]*\)[^()]*)*)\)/.exec(fullName);
  return match?.[1]?.trim() || 'no reason given in its title';
}

/** The one line: "npm test: unit … passed; system under Wine … passed, N skipped (WHY: n; …)". */
export function summaryLine(tallies: Map<string, Tally>, env: NodeJS.ProcessEnv = process.env): string {
  const parts: string[] = [];
  for (const name of ['unit', 'system', 'bench']) {
    const t = tallies.get(name);
    const label = name === 'system' && env.NETIOAPI_SYSTEM_MODE ? `system (${env.NETIOAPI_SYSTEM_MODE === 'wine' ? 'Wine, in a network namespace' : env.NETIOAPI_SYSTEM_MODE === 'windows' ? 'Windows' : 'not available'})` : SUITES[name]!;
    if (!t) {
      if (name === 'system') parts.push('system did not run (npm test runs it; npm run test:system alone)');
      continue;
    }
    if (name === 'system' && t.passed === 0 && t.failed === 0 && env.NETIOAPI_SYSTEM_SKIPPED) {
      parts.push(`system SKIPPED, all ${t.skipped} tests: ${env.NETIOAPI_SYSTEM_SKIPPED}`);
      continue;
    }
    const counts = [
      `${t.passed} passed`,
      ...(t.failed ? [`${t.failed} FAILED`] : []),
      ...(t.broken ? [`${t.broken} file${t.broken === 1 ? '' : 's'} FAILED outside a test`] : []),
      ...(t.skipped ? [`${t.skipped} skipped`] : []),
    ];
    const why = [...t.reasons].map(([reason, n]) => `${n}: ${reason}`).join(' / ');
    parts.push(`${label}: ${counts.join(', ')}${why ? ` (${why})` : ''}`);
  }
  return `npm test: ${parts.join(' | ')}`;
}

/** Vitest's default reporter, with the line after its own summary. */
export default class SummaryReporter extends DefaultReporter {
  private line = '';

  override onTestRunEnd(...args: Parameters<DefaultReporter['onTestRunEnd']>): void {
    super.onTestRunEnd(...args);
    this.line = this.summarize(this.ctx.state.getTestModules());
  }

  /** The default reporter prints its summary here; this line goes after it. */
  override onFinished(...args: Parameters<DefaultReporter['onFinished']>): void {
    super.onFinished(...args);
    if (this.line) this.ctx.logger.log(`\n${this.line}`);
  }

  private summarize(testModules: ReadonlyArray<TestModule>): string {
    const tallies = new Map<string, Tally>();
    for (const module of testModules) {
      const name = module.project.name;
      let t = tallies.get(name);
      if (!t) tallies.set(name, (t = { passed: 0, failed: 0, skipped: 0, broken: 0, reasons: new Map() }));
      const failedBefore = t.failed;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') t.passed++;
        else if (state === 'failed') t.failed++;
        else if (state === 'skipped') {
          t.skipped++;
          const reason = skipReason(test.fullName);
          t.reasons.set(reason, (t.reasons.get(reason) ?? 0) + 1);
        }
      }
      // A hook or an import failed: its tests show as skipped, and the file as failed.
      if (module.state() === 'failed' && t.failed === failedBefore) t.broken = (t.broken ?? 0) + 1;
    }
    return summaryLine(tallies);
  }
}
