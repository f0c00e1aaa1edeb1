// Teardown scenarios, each run in a node.exe of its own (under Wine on Linux, natively on
// Windows) so that one crash cannot hide another. See test/system/teardown.test.ts.
//
// Usage: node teardown.cjs SCENARIO DIST RESULT.json [ROUNDS]
//   terminate:WORKLOAD      ROUNDS workers, each terminated while WORKLOAD is in flight
//   exit-in-worker          ROUNDS workers, each calling process.exit(3) with calls in flight
//   exit-main               one worker mid-call; the main thread calls process.exit(7)
//   unref-worker            one unref'd worker mid-call; the main script simply ends
//   queued-notification     a registration with its initial event still queued; the script ends
//   flood-terminate         ROUNDS workers, each terminated with 10,000 table reads queued;
//                           counts the reads that ran after terminate() (tablesFreed)
//   flood-fairness          a worker with 10,000 table reads queued; counts how many of them
//                           ran while the main thread waited for one fs.stat
//   flood-exit              two workers and the main thread each with 10,000 table reads
//                           queued; the main thread calls process.exit(7)
// The main thread writes RESULT before it ends (or exits), with what it saw and the proof
// that it still works: a sync and an async table read after the rounds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const [, , scenario, dist, resultFile, roundsText] = process.argv;
const rounds = Number(roundsText || 20);
const api = require(dist);
// The binding itself, for its process-wide count of the tables the OS handed out and the
// addon freed: one for each getIpForwardTable2 that reached the OS, in any thread.
const binding = require('node-gyp-build')(path.dirname(dist));
const FLOOD = 10_000;

// What a worker keeps doing until it is torn down. `started()` tells the main thread that
// calls are in flight.
const WORKLOADS = {
  tables: `
    for (;;) {
      const calls = [
        api.getIpForwardTable2('AF_INET'), api.getUnicastIpAddressTable('AF_UNSPEC'), api.getIfTable2(),
        api.getIpNetTable2('AF_INET'), api.getIpInterfaceTable('AF_INET').catch(() => null),
        api.getAnycastIpAddressTable('AF_UNSPEC').catch(() => null),
      ];
      started();
      await Promise.all(calls);
    }`,
  conversions: `
    const luids = api.getIfTable2Sync().map((r) => r.interfaceLuid);
    for (;;) {
      const calls = [];
      for (let i = 0; i < 200; i++) {
        const luid = luids[i % luids.length];
        calls.push(i % 2 ? api.convertInterfaceLuidToIndex(luid) : api.convertInterfaceLuidToAlias(luid));
      }
      started();
      await Promise.all(calls);
    }`,
  watchers: `
    for (;;) {
      const watchers = [api.watch.routes(), api.watch.addresses({ initial: true }), api.watch.all()];
      for (const w of watchers) w.on('error', () => {});
      started();
      await new Promise((resolve) => setImmediate(resolve));
      for (const w of watchers) w.close();
    }`,
  // 10,000 route-table reads queued at once; started() once the first has settled, so the
  // libuv pool is busy with them.
  flood: `
    for (;;) {
      const calls = [];
      for (let i = 0; i < ${FLOOD}; i++) calls.push(api.getIpForwardTable2('AF_INET'));
      calls[0].then(started, started);
      await Promise.allSettled(calls);
    }`,
  // Under Wine the initial unicast notification is the one that always comes: its callback
  // tells the main thread, then stays busy until the worker is terminated inside it.
  callback: `
    api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', () => {
      started();
      const end = Date.now() + 5000;
      while (Date.now() < end);
    }, { initialNotification: true });
    await new Promise((resolve) => setTimeout(resolve, 10000));`,
};

function workerSource(workload, exitCode) {
  return `
    const { parentPort, workerData } = require('node:worker_threads');
    const api = require(workerData.dist);
    let told = false;
    const started = () => {
      if (told) return;
      told = true;
      parentPort.postMessage('started');
      ${exitCode === undefined ? '' : `setTimeout(() => process.exit(${exitCode}), Math.floor(Math.random() * 10));`}
    };
    (async () => { ${WORKLOADS[workload]} })().catch((e) => parentPort.postMessage('error: ' + (e && e.message)));`;
}

function startWorker(workload, exitCode) {
  const worker = new Worker(workerSource(workload, exitCode), { eval: true, workerData: { dist } });
  const startedOrFailed = new Promise((resolve, reject) => {
    worker.on('message', (m) => (m === 'started' ? resolve() : reject(new Error(`worker: ${m}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before it started`)));
  });
  return { worker, started: startedOrFailed };
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function mainStillWorks() {
  return { syncRows: api.getIfTable2Sync().length, asyncRows: (await api.getIfTable2()).length };
}

function write(result) {
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

async function main() {
  const [kind, workload] = scenario.split(':');
  if (kind === 'terminate') {
    const exits = [];
    for (let round = 0; round < rounds; round++) {
      const { worker, started } = startWorker(workload);
      worker.on('error', () => {});
      await started;
      await pause(Math.floor(Math.random() * 15));
      exits.push(await worker.terminate());
    }
    write({ scenario, rounds, exits, ...(await mainStillWorks()) });
    return;
  }
  if (kind === 'exit-in-worker') {
    const exits = [];
    for (let round = 0; round < rounds; round++) {
      const { worker, started } = startWorker('tables', 3);
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.on('error', () => {});
      await started.catch(() => undefined);
      exits.push(await exited);
    }
    write({ scenario, rounds, exits, ...(await mainStillWorks()) });
    return;
  }
  if (kind === 'exit-main') {
    const { worker, started } = startWorker('tables');
    worker.on('error', () => {});
    await started;
    await pause(Math.floor(Math.random() * 10));
    write({ scenario, ...(await mainStillWorks()) });
    process.exit(7);
  }
  if (kind === 'unref-worker') {
    const { worker, started } = startWorker('tables');
    worker.on('error', () => {});
    await started;
    worker.unref();
    write({ scenario, ...(await mainStillWorks()) });
    return; // nothing keeps the loop alive now: the main thread ends with the worker mid-call
  }
  if (kind === 'queued-notification') {
    // The main thread's reads come first; then the registration, with nothing awaited after:
    // the script ends with the initial events (Wine delivers the unicast one inside the
    // registration call) still queued.
    write({ scenario, ...(await mainStillWorks()) });
    api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', () => {}, { initialNotification: true });
    return;
  }
  if (kind === 'flood-terminate') {
    const exits = [];
    const ranBefore = [];
    const ranAfter = [];
    const terminateMs = [];
    for (let round = 0; round < rounds; round++) {
      const atStart = binding.tablesFreed();
      const { worker, started } = startWorker('flood');
      worker.on('error', () => {});
      await started;
      await pause(Math.floor(Math.random() * 15));
      const atTerminate = binding.tablesFreed();
      const terminating = Date.now();
      exits.push(await worker.terminate());
      terminateMs.push(Date.now() - terminating); // reported, not asserted
      ranBefore.push(atTerminate - atStart);
      ranAfter.push(binding.tablesFreed() - atTerminate);
    }
    write({ scenario, rounds, exits, ranBefore, ranAfter, terminateMs, ...(await mainStillWorks()) });
    return;
  }
  if (kind === 'flood-fairness') {
    const { worker, started } = startWorker('flood');
    worker.on('error', () => {});
    await started;
    // How many of the worker's reads ran while the main thread waited for its own pool
    // work (an fs.stat), a few times over. That counts the reads ahead of the stat in the
    // pool's queue, and those that other pool threads ran while the stat itself ran.
    const ranDuringStat = [];
    for (let i = 0; i < 5; i++) {
      const before = binding.tablesFreed();
      await fs.promises.stat(dist);
      ranDuringStat.push(binding.tablesFreed() - before);
    }
    const exits = [await worker.terminate()];
    write({ scenario, exits, ranDuringStat, ...(await mainStillWorks()) });
    return;
  }
  if (kind === 'flood-exit') {
    const workers = [startWorker('flood'), startWorker('flood')];
    for (const { worker } of workers) worker.on('error', () => {});
    await Promise.all(workers.map((w) => w.started));
    write({ scenario, ...(await mainStillWorks()) });
    const calls = [];
    for (let i = 0; i < FLOOD; i++) calls.push(api.getIpForwardTable2('AF_INET'));
    await calls[0];
    process.exit(7);
  }
  throw new Error(`unknown scenario ${scenario}`);
}

main().catch((error) => {
  write({ scenario, failed: String(error && error.stack) });
  process.exitCode = 1;
});
