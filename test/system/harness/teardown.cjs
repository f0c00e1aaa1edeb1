// Teardown scenarios, each run in a node.exe of its own (under Wine on Linux, natively on
// Windows) so that one crash cannot hide another. See test/system/teardown.test.ts.
//
// Usage: node teardown.cjs SCENARIO DIST RESULT.json [ROUNDS]
//   terminate:WORKLOAD      ROUNDS workers, each terminated while WORKLOAD is in flight
//   exit-in-worker          ROUNDS workers, each calling process.exit(3) with calls in flight
//   exit-main               one worker mid-call; the main thread calls process.exit(7)
//   unref-worker            one unref'd worker mid-call; the main script simply ends
//   queued-notification     a registration with its initial event still queued; the script ends
// The main thread writes RESULT before it ends (or exits), with what it saw and the proof
// that it still works: a sync and an async table read after the rounds.
'use strict';
const fs = require('node:fs');
const { Worker } = require('node:worker_threads');

const [, , scenario, dist, resultFile, roundsText] = process.argv;
const rounds = Number(roundsText || 20);
const api = require(dist);

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
    // Registered first thing, with nothing awaited after: the script ends with the initial
    // events (Wine delivers the unicast one inside the registration call) still queued.
    const syncRows = api.getIfTable2Sync().length;
    write({ scenario, syncRows, asyncRows: syncRows });
    api.notifyUnicastIpAddressChangeSync('AF_UNSPEC', () => {}, { initialNotification: true });
    return;
  }
  throw new Error(`unknown scenario ${scenario}`);
}

main().catch((error) => {
  write({ scenario, failed: String(error && error.stack) });
  process.exitCode = 1;
});
