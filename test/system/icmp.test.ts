/**
 * ICMP echo against a real kernel. Under Wine, in the test namespace: 198.51.100.2 is an
 * address of v1 and answers; 192.0.2.77 on v0's subnet is unassigned and has no neighbour
 * entry, so nothing answers it (and nothing leaves the namespace). Wine 8 sends IPv4 echoes
 * from winedevice.exe, which runs as root in the namespace; its Icmp6CreateFile and
 * Icmp6SendEcho2 are stubs, so IPv6 echoes fail there (on Windows they succeed).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import { ROOT } from './harness/environment.js';
import { evaluate, modes, runCli, windowsElevatedTitle, wineTitle } from './harness/remote.js';

const { ctx, onWine, onWindowsElevated } = modes();
const ANSWERS = '198.51.100.2';
const SILENT = '192.0.2.77';

describe.skipIf(!onWine)(wineTitle('ICMP echo under Wine, in the namespace'), () => {
  // The echoes to the silent address leave an incomplete or failed neighbour entry on v0;
  // the fixture's neighbours are permanent and stay.
  afterAll(() => {
    execFileSync('ip', ['-n', ctx.namespace, 'neigh', 'flush', 'dev', 'v0']);
  });

  test(`ping('${ANSWERS}') succeeds with a round-trip time, and the layer-1 twins return the reply row`, async () => {
    const result = await evaluate(async (api, host: string) => {
      const pinged = await api.ping(host);
      const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const layer1 = await api.icmpSendEcho2Ex(host, { data, ttl: 17, timeout: 2000 });
      const sync = api.icmpSendEcho2ExSync(host, { size: 100, timeout: 2000 });
      return { pinged, layer1, sync };
    }, ANSWERS);
    expect(result.pinged).toMatchObject({ address: ANSWERS, sent: 1, received: 1, loss: 0 });
    const [reply] = result.pinged.replies;
    expect(reply).toMatchObject({ status: 'success', from: ANSWERS, bytes: 32 });
    // Linux answers with its default TTL.
    expect(reply!.ttl).toBe(64);
    expect(typeof reply!.rtt).toBe('number');
    expect(reply!.rtt).toBeGreaterThanOrEqual(0);
    expect(reply!.rtt).toBeLessThan(1000);
    expect(result.pinged.min).toBe(reply!.rtt);
    expect(result.pinged.avg).toBe(reply!.rtt);
    expect(result.pinged.max).toBe(reply!.rtt);
    expect(result.layer1).toHaveLength(1);
    expect(result.layer1[0]).toMatchObject({ address: ANSWERS, status: 'success', dataSize: 11, ttl: 64 });
    expect(result.sync).toHaveLength(1);
    expect(result.sync[0]).toMatchObject({ address: ANSWERS, status: 'success', dataSize: 100 });
  });

  test("ping('2001:db8:1::2') fails cleanly: Wine 8's Icmp6CreateFile is a stub (ERROR_CALL_NOT_IMPLEMENTED)", async () => {
    // On Windows the same call succeeds (the Windows suite pings ::1). Wine cannot send an
    // ICMPv6 echo at all, so what is asserted here is that the failure is a NetioError a
    // program can branch on, the same code as any function this system lacks.
    const result = await evaluate(async (api) => {
      const outcome = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string; win32?: number; syscall?: string; name?: string }) => ({ name: e.name, code: e.code, win32: e.win32, syscall: e.syscall }));
      return {
        ping: await outcome(api.ping('2001:db8:1::2', { timeout: 1000 })),
        layer1: await outcome(api.icmp6SendEcho2('2001:db8:1::2', { timeout: 1000 })),
        sync: await outcome(Promise.resolve().then(() => api.icmp6SendEcho2Sync('2001:db8:1::2', { timeout: 1000 }))),
      };
    });
    for (const outcome of [result.ping, result.layer1, result.sync]) {
      expect(outcome).toEqual({ name: 'NetioError', code: 'STATUS_NOT_SUPPORTED', win32: 120, syscall: 'Icmp6CreateFile' });
    }
  });

  test(`an unassigned address on v0's subnet (${SILENT}) gives a non-success status within its timeout plus a margin`, async () => {
    const result = await evaluate(async (api, host: string) => {
      const started = Date.now();
      const pinged = await api.ping(host, { timeout: 1000 });
      return { pinged, ms: Date.now() - started };
    }, SILENT);
    expect(result.pinged).toMatchObject({ address: SILENT, sent: 1, received: 0, loss: 100, min: null, avg: null, max: null });
    expect(['reqTimedOut', 'destHostUnreachable']).toContain(result.pinged.replies[0]!.status);
    expect(result.pinged.replies[0]).toMatchObject({ rtt: null, ttl: null, bytes: null });
    expect(result.ms).toBeLessThan(2500);
  });

  test('100 concurrent pings to an unassigned address (1 s timeout) settle within 3 s, and a getIfTable2() issued meanwhile returns at once', async () => {
    // libuv's pool has 4 threads: if an echo in flight held one, getIfTable2 would wait
    // behind them for the whole second.
    const result = await evaluate(async (api, host: string) => {
      const started = Date.now();
      const pings = Array.from({ length: 100 }, () => api.icmpSendEcho2Ex(host, { timeout: 1000 }).then((rows) => rows[0]!.status));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const tableStarted = Date.now();
      const table = await api.getIfTable2();
      const tableMs = Date.now() - tableStarted;
      const statuses = await Promise.all(pings);
      return { statuses, tableMs, allMs: Date.now() - started, rows: table.length };
    }, SILENT);
    expect(result.statuses).toHaveLength(100);
    // Nothing answers: each times out, or, once the kernel has given up resolving the
    // neighbour, is reported unreachable at once.
    for (const status of result.statuses) expect(['reqTimedOut', 'destHostUnreachable']).toContain(status);
    expect(result.allMs).toBeLessThan(3000);
    expect(result.rows).toBeGreaterThanOrEqual(3);
    // Far below the echoes' second: no pool thread was waiting on the network.
    expect(result.tableMs).toBeLessThan(300);
  });

  test(`traceroute('${ANSWERS}'), a local address, ends at hop 1`, async () => {
    const result = await evaluate(async (api, host: string) => api.traceroute(host, { timeout: 2000 }), ANSWERS);
    expect(result).toMatchObject({ address: ANSWERS, reached: true });
    expect(result.hops).toHaveLength(1);
    expect(result.hops[0]).toMatchObject({ hop: 1, status: 'success', address: ANSWERS });
  });

  test('`netioapi ping -c 2` prints what the library returns, in iputils’ format', async () => {
    const [text, json] = await Promise.all([
      runCli(['ping', '-c', '2', '-i', '0.2', ANSWERS]),
      runCli(['--json', 'ping', '-c', '2', '-i', '0.2', ANSWERS]),
    ]);
    const library = await evaluate(async (api, host: string) => api.ping(host, { count: 2, size: 56, interval: 200 }), ANSWERS);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`PING ${ANSWERS} (${ANSWERS}) 56(84) bytes of data.`);
    for (const [i, line] of lines.slice(1, 3).entries()) {
      // ICMP bytes are the data plus the 8-byte ICMP header, as iputils counts them.
      const reply = library.replies[i]!;
      expect(line).toMatch(new RegExp(`^${reply.bytes! + 8} bytes from ${ANSWERS.replaceAll('.', '\\.')}: icmp_seq=${i + 1} ttl=${reply.ttl} time=\\d+ ms$`));
    }
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe(`--- ${ANSWERS} ping statistics ---`);
    expect(lines[5]).toMatch(new RegExp(`^${library.sent} packets transmitted, ${library.received} received, ${library.loss}% packet loss, time \\d+ms$`));
    expect(lines[6]).toMatch(/^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
    expect(json.code).toBe(0);
    const fromCli = JSON.parse(json.stdout) as typeof library;
    expect(fromCli).toMatchObject({ address: library.address, sent: library.sent, received: library.received, loss: library.loss });
    expect(fromCli.replies.map((r) => [r.status, r.from, r.ttl, r.bytes])).toEqual(library.replies.map((r) => [r.status, r.from, r.ttl, r.bytes]));
  });

  test('`netioapi ping` to a silent address exits 1 with iputils’ summary; `netioapi traceroute` prints hop 1', async () => {
    const [silent, trace] = await Promise.all([runCli(['ping', '-c', '1', '-W', '1', SILENT]), runCli(['traceroute', ANSWERS])]);
    expect(silent.code).toBe(1);
    expect(silent.stdout).toContain(`--- ${SILENT} ping statistics ---`);
    expect(silent.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(trace.code).toBe(0);
    const lines = trace.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`traceroute to ${ANSWERS} (${ANSWERS}), 30 hops max, 60 byte packets`);
    expect(lines[1]).toMatch(new RegExp(`^ 1  ${ANSWERS.replaceAll('.', '\\.')}  \\d+ ms$`));
    expect(lines).toHaveLength(2);
  });

  test('a worker terminated with pings in flight does not crash the process (20 rounds)', async () => {
    // Each worker starts echoes that complete at once (198.51.100.2) and echoes that wait
    // their full second (192.0.2.77), then is terminated. The waits of the dead workers
    // fire later, on pool threads, and must free everything without touching JS.
    const result = await evaluate(
      async (api, arg: { dist: string; answers: string; silent: string }, require) => {
        const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
        const source = `
          const { parentPort, workerData } = require('node:worker_threads');
          const api = require(workerData.dist);
          for (let i = 0; i < 10; i++) {
            api.icmpSendEcho2Ex(workerData.silent, { timeout: 1000 }).catch(() => {});
            api.icmpSendEcho2Ex(workerData.answers, { timeout: 1000 }).catch(() => {});
          }
          parentPort.postMessage('sent');`;
        let terminated = 0;
        for (let round = 0; round < 20; round++) {
          const worker = new Worker(source, { eval: true, workerData: arg });
          await new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
          });
          await new Promise((resolve) => setTimeout(resolve, round % 3 === 0 ? 0 : 20));
          await worker.terminate();
          terminated++;
        }
        // Let every orphaned echo time out and its wait callback run.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const after = await api.ping(arg.answers);
        return { terminated, after: after.received, alive: true };
      },
      { dist: path.join(ROOT, 'dist'), answers: ANSWERS, silent: SILENT },
      { timeoutMs: 180_000 },
    );
    expect(result).toEqual({ terminated: 20, after: 1, alive: true });
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('ICMP echo on Windows'), () => {
  test('ping of the loopback addresses 127.0.0.1 and ::1 succeeds', async () => {
    const result = await evaluate(async (api) => ({
      v4: await api.ping('127.0.0.1', { count: 2, interval: 100 }),
      v6: await api.ping('::1', { count: 2, interval: 100 }),
      layer1v6: await api.icmp6SendEcho2('::1', { size: 64 }),
      sync: api.icmpSendEcho2ExSync('127.0.0.1', { ttl: 32 }),
    }));
    expect(result.v4).toMatchObject({ address: '127.0.0.1', sent: 2, received: 2, loss: 0 });
    expect(result.v4.replies.every((r) => r.status === 'success' && r.from === '127.0.0.1' && r.bytes === 32)).toBe(true);
    expect(result.v6).toMatchObject({ address: '::1', sent: 2, received: 2, loss: 0 });
    expect(result.v6.replies.every((r) => r.status === 'success' && r.from === '::1' && r.rtt !== null)).toBe(true);
    expect(result.layer1v6).toEqual([{ address: '::1', status: 'success', roundTripTime: expect.any(Number), ttl: null, tos: null, flags: null, dataSize: null }]);
    expect(result.sync[0]).toMatchObject({ address: '127.0.0.1', status: 'success', dataSize: 32 });
  });
});
