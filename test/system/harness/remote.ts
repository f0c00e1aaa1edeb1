/**
 * Runs test code inside the Windows node.exe that loads the real addon, and brings back
 * its value (bigints and errors intact). The kernel's view of the namespace comes from
 * `ip -j`, read here on the Linux side.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

import { ROOT, wineEnv, type SystemContext } from './environment.js';

export type Api = typeof import('../../../lib/index.js');
type Require = (id: string) => unknown;

export function system(): SystemContext {
  return inject('netioapiSystem');
}

/** Where the system suite runs, for skipIf. */
export function modes(): { ctx: SystemContext; onWine: boolean; onWindows: boolean; onWindowsElevated: boolean } {
  const ctx = system();
  return { ctx, onWine: ctx.mode === 'wine', onWindows: ctx.mode === 'windows', onWindowsElevated: ctx.mode === 'windows' && ctx.elevated };
}

/** A link as `ip -j link` shows it (the fields the tests read). */
export interface IpLink {
  ifindex: number;
  ifname: string;
  address?: string;
  mtu: number;
  operstate: string;
}

/** A describe title for tests that compare with the Linux kernel's view of the test namespace. */
export function wineTitle(title: string): string {
  const ctx = system();
  if (ctx.mode === 'wine') return title;
  const why = ctx.available ? 'they compare with the Linux kernel’s view of a test namespace, so they run under Wine on Linux' : ctx.reason;
  return `${title} (skipped: ${why})`;
}

/** A describe title for tests that change the system's configuration: Windows, elevated. */
export function windowsElevatedTitle(title: string): string {
  const ctx = system();
  if (ctx.mode === 'windows' && ctx.elevated) return title;
  const why = ctx.mode === 'windows' ? 'needs an elevated (Administrator) process' : 'needs Windows, run elevated; the Windows CI job runs it';
  return `${title} (skipped: ${why})`;
}

/** A describe title for tests that need Windows (no elevation). */
export function windowsTitle(title: string): string {
  return system().mode === 'windows' ? title : `${title} (skipped: needs Windows; the Windows CI job runs it)`;
}

/** An error thrown inside node.exe, as it arrived. */
export class RemoteError extends Error {
  code?: string;
  win32?: number;
  ntstatus?: number;
  syscall?: string;
  member?: string;
  hint?: string;
  systemMessage?: string;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
    if (typeof v.$date === 'string') return new Date(v.$date);
    if (typeof v.$bytes === 'string') return new Uint8Array(Buffer.from(v.$bytes, 'hex'));
    if (v.$undefined === true) return undefined;
    if (v.$error === true) {
      const error = new RemoteError(String(v.message));
      Object.assign(error, v);
      delete (error as unknown as Record<string, unknown>).$error;
      return error;
    }
  }
  return value;
}

function replace(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: value.toString() } : value;
}

let sequence = 0;

/** Starts the Windows node.exe (under Wine in the namespace, or natively) with files for its streams. */
export async function spawnNode(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const context = system();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `netioapi-node-${process.pid}-${sequence++}-`));
  const stdoutFile = path.join(dir, 'stdout.txt');
  const stderrFile = path.join(dir, 'stderr.txt');
  const [cmd, cmdArgs, env] =
    context.mode === 'wine'
      ? ['ip', ['netns', 'exec', context.namespace, 'wine', context.nodeExe, ...args], wineEnv(context.winePrefix)]
      : [context.nodeExe, args, process.env];
  // node.exe under Wine needs files, not pipes, for its standard streams.
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(cmd, cmdArgs, { env, stdio: ['ignore', out, err] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    return { code, stdout: fs.readFileSync(stdoutFile, 'utf8'), stderr: fs.readFileSync(stderrFile, 'utf8') };
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the netioapi CLI (dist/cli/main.js) in the Windows node.exe. */
export function runCli(args: string[], options: { timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return spawnNode([path.join(ROOT, 'dist', 'cli', 'main.js'), ...args], options.timeoutMs ?? 90_000);
}

/**
 * Evaluates `fn(api, arg, require)` in the Windows node.exe and returns its value; rejects
 * with a RemoteError carrying code, member, win32… when it throws. `fn` must not close
 * over anything: pass what it needs in `arg`.
 */
export async function evaluate<A, R>(
  fn: (api: Api, arg: A, require: Require) => R | Promise<R>,
  arg?: A,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<R> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `netioapi-call-${process.pid}-${sequence++}-`));
  const requestFile = path.join(dir, 'request.json');
  const resultFile = path.join(dir, 'result.json');
  fs.writeFileSync(requestFile, JSON.stringify({ packageDir: path.join(ROOT, 'dist'), source: fn.toString(), arg }, replace));
  const runner = path.join(__dirname, 'runner.cjs');
  try {
    const { code, stdout, stderr } = await spawnNode([...(options.nodeArgs ?? []), runner, requestFile, resultFile], options.timeoutMs ?? 90_000);
    if (!fs.existsSync(resultFile)) {
      throw new Error(`node.exe wrote no result (exit ${code}).\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'), revive) as { ok: boolean; value?: R; error?: RemoteError };
    if (!result.ok) throw result.error;
    return result.value as R;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The kernel's view of the namespace: `ip -j ARGS` run inside it. */
export function kernel<T = unknown>(...args: string[]): T {
  const context = system();
  return JSON.parse(execFileSync('ip', ['-n', context.namespace, '-j', ...args], { encoding: 'utf8' })) as T;
}
