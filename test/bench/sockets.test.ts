/**
 * The socket figures of `npm run bench` (scripts/bench.mjs prints them). Under Wine, two
 * Linux processes in the test namespace hold 10,000 TCP connections between them (20,000
 * sockets in the table, one file descriptor each, so each process stays under `ulimit -n`);
 * on Windows the machine's own sockets are measured as they are. In node.exe:
 * - getExtendedTcpTable('AF_INET') (the default class, 'ownerPidAll') beside the bare
 *   GetExtendedTcpTable call of the benchmark build, and the same for 'basicAll'; then
 *   both again with the OS call served from a copy of the table (what the package adds);
 * - sockets.owners(port) beside running netstat.exe -ano and picking the port's line
 *   out of its text the way find-process does.
 * Each pair runs in interleaved rounds; every figure is a median.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { ROOT } from '../system/harness/environment.js';
import { evaluate, system } from '../system/harness/remote.js';
import { record } from './record.js';

const ctx = system();
const CONNECTIONS = 10_000;
const HOST = '192.0.2.1';
const PORT = 9400;
const holders: ChildProcess[] = [];
let dir = '';

interface SocketFigures {
  connections: number;
  tableRows: number;
  ownerPidAll: { bareMs: number; asyncMs: number; syncMs: number | null; rounds: number };
  basicAll: { bareMs: number; asyncMs: number; syncMs: number | null; rounds: number };
  /** The same calls with the OS call replaced by a copy of the captured table. */
  added: { rows: number; bareMs: number; asyncMs: number; syncMs: number; rounds: number };
  /**
   * sockets.owners(port); the two bare listener reads it cannot do without (IPv4 and IPv6
   * GetExtendedTcpTable, TCP_TABLE_OWNER_PID_LISTENER), the floor for any caller of the API;
   * and netstat.exe -ano with find-process's parse.
   */
  owners: { ownersMs: number; floorMs: number; netstatMs: number; netstatLines: number; rounds: number; found: unknown };
}


/** Starts a holder (test/system/sockets-holder.cjs) in the namespace with enough file descriptors. */
function hold(role: 'server' | 'client', status: string, descriptors: number): ChildProcess {
  const holder = path.join(ROOT, 'test', 'system', 'sockets-holder.cjs');
  const script = `ulimit -n ${descriptors} && exec "$0" "$@"`;
  const child = spawn('ip', ['netns', 'exec', ctx.namespace, 'sh', '-c', script, process.execPath, holder, role, HOST, String(PORT), String(CONNECTIONS), status, '250', '0'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  holders.push(child);
  return child;
}

async function until(status: string, done: (s: { listening: boolean; accepted: number; connected: number; done: boolean; error: string | null }) => boolean): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (fs.existsSync(status)) {
      const s = JSON.parse(fs.readFileSync(status, 'utf8')) as { listening: boolean; accepted: number; connected: number; done: boolean; error: string | null };
      if (s.error) throw new Error(`the connection holder failed: ${s.error}`);
      if (done(s)) return;
    }
    if (Date.now() - started > 300_000) throw new Error(`the connection holder did not get there in 5 minutes (${status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!ctx.available)(`socket benchmarks${ctx.available ? '' : ` (skipped: ${ctx.reason})`}`, () => {
  beforeAll(async () => {
    if (ctx.mode !== 'wine') return;
    // Each holder keeps one descriptor per socket: 10,000 and a few. The soft limit may be
    // raised up to the hard one without privileges beyond the namespace's root.
    const needed = CONNECTIONS + 256;
    const hard = execFileSync('ip', ['netns', 'exec', ctx.namespace, 'sh', '-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    if (hard !== 'unlimited' && Number(hard) < needed) {
      throw new Error(`the socket benchmark needs ${needed} open files per process; the hard limit here is ${hard} (raise it with ulimit -Hn or LimitNOFILE)`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-bench-sockets-'));
    const server = path.join(dir, 'server.json');
    const client = path.join(dir, 'client.json');
    hold('server', server, needed);
    await until(server, (s) => s.listening);
    hold('client', client, needed);
    await until(client, (s) => s.done);
    await until(server, (s) => s.done);
  }, 600_000);

  afterAll(() => {
    for (const child of holders) {
      if (child.pid) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`socket tables with ${ctx.mode === 'wine' ? `${CONNECTIONS.toLocaleString('en')} connections held` : 'this machine’s sockets'}`, async () => {
    const figures: SocketFigures = await evaluate(
      async (api, arg: { addon: string; native: string; port: number; connections: number }, require) => {
        type Bench = { __bench(name: string, n: number, x: unknown, tableClass?: unknown): { ns: number; rows: number } };
        const binding = require(arg.addon) as Bench;
        (require(arg.native) as { setBinding(b: unknown): void }).setBinding(binding);
        const { execFile } = require('node:child_process') as typeof import('node:child_process');
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
        const ms = async (fn: () => unknown) => {
          const started = process.hrtime.bigint();
          await fn();
          return Number(process.hrtime.bigint() - started) / 1e6;
        };
        const pair = async (tableClass: 'ownerPidAll' | 'basicAll', classNumber: number, rounds: number, withSync: boolean) => {
          const bare: number[] = [];
          const asynchronous: number[] = [];
          const sync: number[] = [];
          await api.getExtendedTcpTable('AF_INET', tableClass); // warm-up: the size hint, JIT
          for (let i = 0; i < rounds; i++) {
            bare.push(binding.__bench('GetExtendedTcpTable', 1, 2, classNumber).ns / 1e6);
            asynchronous.push(await ms(() => api.getExtendedTcpTable('AF_INET', tableClass)));
            if (withSync) sync.push(await ms(() => api.getExtendedTcpTableSync('AF_INET', tableClass)));
          }
          return { bareMs: median(bare), asyncMs: median(asynchronous), syncMs: withSync ? median(sync) : null, rounds };
        };
        // find-process on Windows: run `netstat -ano`, drop the header lines, split each line
        // into columns, and take the pid of the line whose local address ends in :PORT.
        const netstatOwner = (port: number) =>
          new Promise<{ pid: number | undefined; lines: number }>((resolve, reject) => {
            execFile('netstat.exe', ['-ano'], { maxBuffer: 1 << 28, windowsHide: true }, (error, stdout) => {
              if (error) return reject(error);
              const lines = stdout.split(/\r?\n/).slice(4).filter((line) => line.trim() !== '');
              const columns = lines.map((line) => line.trim().split(/\s+/));
              const row = columns.find((c) => c[1] !== undefined && new RegExp(`:${port}$`).test(c[1]));
              resolve({ pid: row && row[4] ? Number(row[4]) : undefined, lines: lines.length });
            });
          });
        const tableRows = (await api.getExtendedTcpTable('AF_INET', 'basicAll')).length;
        // Under Wine an owner class costs seconds a call with 20,000 sockets (it looks for each
        // socket's owner among every Wine process's descriptors): three rounds, no sync twin.
        const ownerPidAll = await pair('ownerPidAll', 5, 3, false);
        const basicAll = await pair('basicAll', 2, 9, true);
        // What the package adds, timed with GetExtendedTcpTable served from a copy of the table
        // just read (the benchmark build's stand-in): the OS call's own drift is left out.
        const captured = binding.__bench('capture GetExtendedTcpTable', 0, 2, 5).rows;
        binding.__bench('null-os', 0, true);
        let added: { rows: number; bareMs: number; asyncMs: number; syncMs: number; rounds: number };
        try {
          added = { ...(await pair('ownerPidAll', 5, 15, true)), rows: captured } as typeof added;
        } finally {
          binding.__bench('null-os', 0, false);
        }
        const owners: number[] = [];
        const floor: number[] = [];
        const netstat: number[] = [];
        const TCP_TABLE_OWNER_PID_LISTENER = 3;
        const bareListeners = () =>
          (binding.__bench('GetExtendedTcpTable', 1, 2, TCP_TABLE_OWNER_PID_LISTENER).ns + binding.__bench('GetExtendedTcpTable', 1, 23, TCP_TABLE_OWNER_PID_LISTENER).ns) / 1e6;
        let found: unknown;
        let netstatLines = 0;
        await api.sockets.owners(arg.port);
        await netstatOwner(arg.port);
        for (let i = 0; i < 9; i++) {
          owners.push(await ms(async () => (found = await api.sockets.owners(arg.port))));
          floor.push(bareListeners());
          netstat.push(await ms(async () => (netstatLines = (await netstatOwner(arg.port)).lines)));
        }
        return {
          connections: arg.connections,
          tableRows,
          ownerPidAll,
          basicAll,
          added,
          owners: { ownersMs: median(owners), floorMs: median(floor), netstatMs: median(netstat), netstatLines, rounds: owners.length, found },
        };
      },
      { addon: ctx.benchAddon, native: path.join(ROOT, 'dist', 'native.js'), port: ctx.mode === 'wine' ? PORT : 445, connections: ctx.mode === 'wine' ? CONNECTIONS : 0 },
      { timeoutMs: 1_500_000 },
    );
    record('sockets', figures);
    if (ctx.mode === 'wine') {
      // Both ends of every connection, and the listener.
      expect(figures.tableRows).toBeGreaterThanOrEqual(2 * CONNECTIONS + 1);
      expect(figures.owners.found).toMatchObject([{ protocol: 'tcp', localAddress: HOST, localPort: PORT, state: 'listen' }]);
      expect(figures.owners.netstatLines).toBeGreaterThanOrEqual(2 * CONNECTIONS);
    }
  });
});
