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
const adapters = results.adapters;
if (adapters) {
  console.log(`\nadapters (${adapters.adapters}), ms per call (medians of ${adapters.rounds} rounds)   adapters.list()   getAdaptersAddressesSync()   ipconfig.exe /all + parse   ratio`);
  console.log(`${''.padEnd(62)} ${f(adapters.listMs, 2).padStart(9)} ${f(adapters.layer1SyncMs, 2).padStart(22)} ${f(adapters.ipconfigMs, 1).padStart(22)} ${f(adapters.ratio, 1).padStart(10)}x`);
}
const icmp = results.icmp ?? {};
if (icmp.local) {
  console.log(`\nping() of ${icmp.local.address}: ${f(icmp.local.pingMs, 2)} ms; ping.exe -n 1 plus a parse: ${f(icmp.local.pingExeMs, 1)} ms; ${f(icmp.local.ratio, 1)}x (medians of ${icmp.local.rounds})`);
}
if (icmp.sweep) {
  console.log(`${icmp.sweep.echoes} echoes to silent addresses, 1 s timeout, all at once: ${f(icmp.sweep.medianMs, 0)} ms (median of 3; worst ${f(icmp.sweep.worstMs, 0)} ms) ${JSON.stringify(icmp.sweep.statuses)}`);
}
console.log('\ntargets: ping() at least 10x faster than ping.exe -n 1 plus a parse; 254 silent echoes with a 1 s timeout under 2 s');
console.log('\ntargets: ratio ≤ 1.5 at 100,000 rows; ≤ 350 bytes/row; no loop stall over 50 ms; a cheap call adds ≤ 1 µs sync, ≤ 20 µs async;');
console.log('         adapters.list() ≥ 20x faster than ipconfig.exe /all plus a parse');

const s = results.sockets;
if (s) {
  const held = s.connections ? `${s.connections.toLocaleString('en')} connections held, ${s.tableRows.toLocaleString('en')} IPv4 rows` : `this machine's ${s.tableRows} IPv4 rows`;
  console.log(`\nsockets (${held}), ms (medians)   bare OS call   getExtendedTcpTable async   sync   ratio (async / bare)`);
  for (const name of ['ownerPidAll', 'basicAll']) {
    const t = s[name];
    console.log(`GetExtendedTcpTable ${name.padEnd(14)} ${f(t.bareMs, 1).padStart(12)} ${f(t.asyncMs, 1).padStart(20)} ${(t.syncMs === null ? '-' : f(t.syncMs, 1)).padStart(9)} ${f(t.asyncMs / t.bareMs, 3).padStart(12)}x   (${t.rounds} rounds)`);
  }
  const a = s.added;
  if (a) {
    const addedMs = a.asyncMs - a.bareMs;
    console.log(
      `added by netioapi to a ${a.rows}-row ownerPidAll read (OS call served from a copy): ${f(addedMs, 2)} ms async, ${f(a.syncMs - a.bareMs, 2)} ms sync ` +
        `(copy ${f(a.bareMs, 2)} ms; ${a.rounds} rounds) → ${f((s.ownerPidAll.bareMs + addedMs) / s.ownerPidAll.bareMs, 4)}x the bare ownerPidAll call`,
    );
  }
  const o = s.owners;
  console.log(
    `sockets.owners(port) ${f(o.ownersMs, 1)} ms   netstat.exe -ano + find-process's parse ${f(o.netstatMs, 1)} ms (${o.netstatLines} lines)   owners is ${f(o.netstatMs / o.ownersMs, 1)}x faster   (${o.rounds} rounds)`,
  );
  console.log('targets: getExtendedTcpTable ≤ 1.2x the bare call; sockets.owners ≥ 50x faster than netstat -ano + parse');
}
process.exit(run.status ?? 1);
