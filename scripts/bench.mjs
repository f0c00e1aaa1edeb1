#!/usr/bin/env node
// npm run bench [-- --json]: runs the benchmarks (test/bench/, in the real Windows node.exe:
// under Wine on Linux, natively on Windows) and prints the figures beside their targets.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const json = process.argv.includes('--json');
const out = path.join(os.tmpdir(), `netioapi-bench-${process.pid}.json`);

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const vitest = require.resolve('vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'bench'], {
  cwd: root,
  stdio: json ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  env: { ...process.env, NETIOAPI_BENCH_OUT: out },
});
if (!fs.existsSync(out)) {
  console.error('bench: no results were written');
  process.exit(run.status || 1);
}
const results = JSON.parse(fs.readFileSync(out, 'utf8'));
fs.rmSync(out);
if (fs.existsSync(`${out}.icmp`)) {
  results.icmp = JSON.parse(fs.readFileSync(`${out}.icmp`, 'utf8'));
  fs.rmSync(`${out}.icmp`);
}
if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(run.status ?? 1);
}

const f = (n, digits = 1) => (typeof n === 'number' ? n.toFixed(digits) : String(n));
console.log(`\nnetioapi benchmarks — ${results.machine?.cpu} (${results.machine?.cpus} cpus), Node.js ${results.machine?.node} ${results.machine?.platform}-${results.machine?.arch} ${results.host?.wine ?? ''}\n`);
console.log('route table (IPv4)   bare OS call   sync read   async read   ratio    rows/s (sync)   bytes/row   max loop stall');
for (const t of results.tables ?? []) {
  console.log(
    `${String(t.rows).padStart(10)} rows   ${f(t.bareMs, 2).padStart(9)} ms ${f(t.syncMs, 2).padStart(9)} ms ${f(t.asyncMs, 2).padStart(9)} ms ` +
      `${f(t.syncMs / t.bareMs, 2).padStart(6)}x ${f(t.rows / (t.syncMs / 1000), 0).padStart(14)}  ${f(t.bytesPerRow, 0).padStart(10)}  ${f(t.maxStallMs, 1).padStart(10)} ms`,
  );
}
const calls = results.calls ?? {};
console.log('\ncheap calls, µs per call (medians)   bare OS call   sync   async   async, 64 in flight   added by netioapi: sync   async');
for (const name of ['convertInterfaceLuidToIndex', 'getIfEntry2']) {
  const c = calls[name];
  const a = calls[`added${name[0].toUpperCase()}${name.slice(1)}`];
  if (!c || !a) continue;
  console.log(
    `${name.padEnd(36)} ${f(c.bareUs, 1).padStart(8)} ${f(c.syncUs, 1).padStart(8)} ${f(c.asyncUs, 1).padStart(7)} ${f(c.asyncConcurrent64Us, 1).padStart(12)} ${f(a.addedSyncUs, 2).padStart(24)} ${f(a.addedAsyncUs, 2).padStart(7)}`,
  );
}
console.log('("added" is timed with the OS call replaced by a constant-time stand-in; under Wine the OS call itself varies by tens of µs)');
console.log(`libuv thread-pool round trip with no work (crypto.randomFill of 1 byte): ${f(calls.threadPoolRoundTripUs, 2)} µs — part of every async call`);
const icmp = results.icmp ?? {};
if (icmp.local) {
  console.log(`\nping() of ${icmp.local.address}: ${f(icmp.local.pingMs, 2)} ms; ping.exe -n 1 plus a parse: ${f(icmp.local.pingExeMs, 1)} ms; ${f(icmp.local.ratio, 1)}x (medians of ${icmp.local.rounds})`);
}
if (icmp.sweep) {
  console.log(`${icmp.sweep.echoes} echoes to silent addresses, 1 s timeout, all at once: ${f(icmp.sweep.medianMs, 0)} ms (median of 3; worst ${f(icmp.sweep.worstMs, 0)} ms) ${JSON.stringify(icmp.sweep.statuses)}`);
}
console.log('\ntargets: ping() at least 10x faster than ping.exe -n 1 plus a parse; 254 silent echoes with a 1 s timeout under 2 s');
console.log('\ntargets: ratio ≤ 1.5 at 100,000 rows; ≤ 350 bytes/row; no loop stall over 50 ms; a cheap call adds ≤ 1 µs sync, ≤ 20 µs async');
process.exit(run.status ?? 1);
