/**
 * The README's first example, as a newcomer runs it: a consumer project installs the
 * packed tarball (npm pack, its prepack check included), saves the example as
 * first-example.cjs and as first-example.mjs, and runs each in the Windows node.exe under
 * Wine, in the test namespace. The addon is the cross-build, put where a Windows
 * install's build from source puts it (the tarball ships no binary made here). Each file
 * also runs in this Linux Node.js, where it says it needs Windows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { readmeBlocks } from '../support/readme-blocks.js';
import { CROSS_BUILT_ADDON, ROOT } from './harness/environment.js';
import { kernel, modes, spawnNode, wineTitle, type IpLink } from './harness/remote.js';

const { onWine } = modes();

interface IpAddr extends IpLink {
  addr_info: { family: string; local: string; prefixlen: number }[];
}

describe.skipIf(!onWine)(wineTitle('the README’s first example in a consumer project that installed the tarball'), { timeout: 300_000 }, () => {
  let consumer = '';

  beforeAll(() => {
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-consumer-'));
    const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', consumer], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = path.join(consumer, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    // Its dependencies are packed from this project's node_modules, so that the install
    // sends nothing to the registry (--offline makes sure of it).
    const deps = ['node-addon-api', 'node-gyp-build'].map((name) => {
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', consumer, path.join(ROOT, 'node_modules', name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return path.join(consumer, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    });
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...deps, tarball], { cwd: consumer, stdio: ['ignore', 'ignore', 'inherit'] });
    const installed = path.join(consumer, 'node_modules', 'netioapi');
    expect(fs.existsSync(path.join(installed, 'dist', 'index.js'))).toBe(true);
    // What npm install does on Windows when no prebuilt binary fits: a build from source.
    fs.mkdirSync(path.join(installed, 'build', 'Release'), { recursive: true });
    fs.copyFileSync(CROSS_BUILT_ADDON, path.join(installed, 'build', 'Release', 'netioapi.node'));
    for (const block of readmeBlocks()) fs.writeFileSync(path.join(consumer, block.file), block.code);
  });

  afterAll(() => {
    if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
  });

  test.each(['first-example.cjs', 'first-example.mjs'])('%s runs as saved and prints the first interface that is up, with its addresses, then an error that names the alias', async (file) => {
    const { code, stdout, stderr } = await spawnNode([path.join(consumer, file)], 90_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split(/\r?\n/);
    // "v0 (index 3) 02:00:5e:10:00:01 up": a link of the namespace, as the kernel has it.
    const first = /^(\S+) \(index (\d+)\) (\S+) up$/.exec(lines[0] ?? '');
    expect(first, lines[0]).not.toBeNull();
    const [, alias, index, mac] = first!;
    const links = kernel<IpAddr[]>('address', 'show');
    const link = links.find((l) => l.ifname === alias);
    expect(link, `${alias} is a link of the namespace`).toBeDefined();
    expect(Number(index)).toBe(link!.ifindex);
    expect(mac).toBe(link!.address);
    // Its addresses, as the kernel lists them (Wine adds the zone to link-local ones).
    const printed = lines.slice(1).filter((l) => l.startsWith('  ')).map((l) => l.trim().replace(/%\d+\//, '/'));
    expect(printed.sort()).toEqual(link!.addr_info.map((a) => `${a.local}/${a.prefixlen}`).sort());
    // The unknown alias: the code and member, and a hint listing what exists.
    const rest = lines.slice(1 + printed.length);
    expect(rest[0]).toBe('STATUS_INVALID_PARAMETER interfaceAlias');
    expect(rest[1]).toMatch(/^Interfaces here, by alias: /);
    for (const l of links) expect(rest[1]).toContain(l.ifname);
  });

  test.each(['first-example.cjs', 'first-example.mjs'])('%s, run off Windows, says that it needs Windows and exits 0', (file) => {
    const out = execFileSync(process.execPath, [path.join(consumer, file)], { encoding: 'utf8' });
    expect(out).toBe(`netioapi needs Windows; this is ${process.platform}.\n`);
  });
});
