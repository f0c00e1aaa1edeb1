/**
 * The PE import reader behind `npm pack`'s refusal of mingw-built binaries
 * (scripts/pe-imports.mjs, scripts/check-pack.mjs), on PE images built here byte by byte:
 * a regular import of node.exe (what mingw-w64 makes), a delay import of it (what MSVC
 * makes through node-gyp's win_delay_load_hook), both PE32+ and PE32, and the old
 * delay-descriptor form whose names are addresses. The system suite reads the real
 * mingw-w64 build the same way.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { PeFormatError, nodeExeImport, readPeImports } from '../../scripts/pe-imports.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

interface ImageSpec {
  pe32?: boolean;
  machine?: number;
  imports?: string[];
  delayImports?: string[];
  /** Delay descriptors of the old form (Attributes 0): the name is an address, not an RVA. */
  oldDelay?: boolean;
}

/** A minimal PE image: DOS header, PE header, one section holding the import directories. */
function peImage(spec: ImageSpec): Buffer {
  const pe32 = spec.pe32 ?? false;
  const imports = spec.imports ?? [];
  const delays = spec.delayImports ?? [];
  const imageBase = pe32 ? 0x10000000n : 0x180000000n;
  const optionalSize = pe32 ? 96 + 16 * 8 : 112 + 16 * 8;
  const peOffset = 0x40;
  const sectionTable = peOffset + 24 + optionalSize;
  const raw = 0x200;
  const va = 0x1000;
  const section = Buffer.alloc(0x400);
  // Layout inside the section: import descriptors, delay descriptors, then the names.
  const importAt = 0;
  const delayAt = importAt + 20 * (imports.length + 1);
  let nameAt = delayAt + 32 * (delays.length + 1);
  const writeName = (name: string): number => {
    const rva = va + nameAt;
    section.write(`${name}\0`, nameAt, 'latin1');
    nameAt += name.length + 1;
    return rva;
  };
  imports.forEach((dll, i) => {
    const at = importAt + 20 * i;
    section.writeUInt32LE(va + 0x300, at); // OriginalFirstThunk (not read)
    section.writeUInt32LE(writeName(dll), at + 12);
    section.writeUInt32LE(va + 0x380, at + 16); // FirstThunk
  });
  delays.forEach((dll, i) => {
    const at = delayAt + 32 * i;
    const rva = writeName(dll);
    section.writeUInt32LE(spec.oldDelay ? 0 : 1, at);
    section.writeUInt32LE(spec.oldDelay ? Number(imageBase + BigInt(rva)) : rva, at + 4);
  });

  const image = Buffer.alloc(raw + section.length);
  image.write('MZ', 0, 'latin1');
  image.writeUInt32LE(peOffset, 0x3c);
  image.write('PE\0\0', peOffset, 'latin1');
  image.writeUInt16LE(spec.machine ?? (pe32 ? 0x14c : 0x8664), peOffset + 4);
  image.writeUInt16LE(1, peOffset + 6); // one section
  image.writeUInt16LE(optionalSize, peOffset + 20);
  const optional = peOffset + 24;
  image.writeUInt16LE(pe32 ? 0x10b : 0x20b, optional);
  if (pe32) image.writeUInt32LE(Number(imageBase), optional + 28);
  else image.writeBigUInt64LE(imageBase, optional + 24);
  image.writeUInt32LE(16, optional + (pe32 ? 92 : 108));
  const directories = optional + (pe32 ? 96 : 112);
  if (imports.length > 0) image.writeUInt32LE(va + importAt, directories + 8 * 1);
  if (delays.length > 0) image.writeUInt32LE(va + delayAt, directories + 8 * 13);
  image.write('.idata\0\0', sectionTable, 'latin1');
  image.writeUInt32LE(section.length, sectionTable + 8); // VirtualSize
  image.writeUInt32LE(va, sectionTable + 12);
  image.writeUInt32LE(section.length, sectionTable + 16); // SizeOfRawData
  image.writeUInt32LE(raw, sectionTable + 20);
  section.copy(image, raw);
  return image;
}

describe('readPeImports', () => {
  test('a mingw-w64 style binary: node.exe in the regular import table', () => {
    const image = peImage({ imports: ['KERNEL32.dll', 'msvcrt.dll', 'node.exe'] });
    expect(readPeImports(image)).toEqual({ machine: 0x8664, pe32Plus: true, imports: ['KERNEL32.dll', 'msvcrt.dll', 'node.exe'], delayImports: [] });
    expect(nodeExeImport(image)).toBe('regular');
  });

  test('an MSVC style binary: node.exe delay-loaded (win_delay_load_hook), only system DLLs imported', () => {
    const image = peImage({ imports: ['KERNEL32.dll', 'IPHLPAPI.DLL'], delayImports: ['NODE.EXE'] });
    expect(readPeImports(image)).toMatchObject({ imports: ['KERNEL32.dll', 'IPHLPAPI.DLL'], delayImports: ['NODE.EXE'] });
    expect(nodeExeImport(image)).toBe('delay');
  });

  test('a 32-bit (PE32) image, and the old delay descriptors whose names are addresses', () => {
    const image = peImage({ pe32: true, imports: ['KERNEL32.dll'], delayImports: ['node.exe'], oldDelay: true });
    expect(readPeImports(image)).toEqual({ machine: 0x14c, pe32Plus: false, imports: ['KERNEL32.dll'], delayImports: ['node.exe'] });
  });

  test('an image that imports nothing, and one that has nothing to do with node', () => {
    expect(readPeImports(peImage({}))).toMatchObject({ imports: [], delayImports: [] });
    expect(nodeExeImport(peImage({ imports: ['KERNEL32.dll'], delayImports: ['WS2_32.dll'] }))).toBeNull();
  });

  test('what is not a PE image is refused with a reason, never misread', () => {
    expect(() => readPeImports(Buffer.from('\x7fELF not a windows binary, padded out to sixty-four bytes or more...'))).toThrow(PeFormatError);
    expect(() => readPeImports(Buffer.alloc(10))).toThrow(/truncated/);
    const noPe = peImage({ imports: ['node.exe'] });
    noPe.write('XX', 0x40, 'latin1');
    expect(() => readPeImports(noPe)).toThrow(/no PE signature/);
    const outside = peImage({ imports: ['node.exe'] });
    outside.writeUInt32LE(0x9000, 0x40 + 24 + 112 + 8); // the import directory points past the section
    expect(() => readPeImports(outside)).toThrow(/in no section/);
  });
});

describe('npm pack (the prepack check)', { timeout: 60_000 }, () => {
  /** A package like this one, with `binaries` in it; npm pack --dry-run's exit status and stderr. */
  function pack(binaries: Record<string, Buffer>): { status: number; stderr: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netioapi-pack-'));
    try {
      fs.mkdirSync(path.join(dir, 'scripts'));
      for (const f of ['check-pack.mjs', 'pe-imports.mjs']) fs.copyFileSync(path.join(ROOT, 'scripts', f), path.join(dir, 'scripts', f));
      const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { prepack: string } };
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'pack-check', version: '1.0.0', files: ['prebuilds/', 'build/'], scripts: { prepack: own.scripts.prepack } }),
      );
      for (const [file, bytes] of Object.entries(binaries)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), bytes);
      }
      try {
        execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { status: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { status: e.status, stderr: e.stderr };
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('refuses a binary that imports node.exe by name, naming the file and why', () => {
    const { status, stderr } = pack({ 'prebuilds/win32-x64/netioapi.napi.node': peImage({ imports: ['KERNEL32.dll', 'node.exe'] }) });
    expect(status).not.toBe(0);
    expect(stderr).toContain('check-pack: prebuilds/win32-x64/netioapi.napi.node imports node.exe by name');
    expect(stderr).toContain('never in Electron');
  });

  test('packs MSVC-style binaries, whose node.exe is delay-loaded, for each architecture', () => {
    const msvc = (machine: number, pe32 = false) => peImage({ pe32, machine, imports: ['KERNEL32.dll'], delayImports: ['node.exe'] });
    expect(
      pack({
        'prebuilds/win32-x64/netioapi.napi.node': msvc(0x8664),
        'prebuilds/win32-arm64/netioapi.napi.node': msvc(0xaa64),
        'prebuilds/win32-ia32/netioapi.napi.node': msvc(0x14c, true),
      }),
    ).toEqual({ status: 0, stderr: '' });
  });

  test('refuses a binary for another architecture, and a file that is no Windows binary at all', () => {
    const wrong = pack({ 'prebuilds/win32-arm64/netioapi.napi.node': peImage({ imports: ['KERNEL32.dll'], delayImports: ['node.exe'] }) });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('is a binary for machine 0x8664, not for arm64');
    const elf = pack({ 'build/Release/netioapi.node': Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(200)]) });
    expect(elf.status).not.toBe(0);
    expect(elf.stderr).toContain('build/Release/netioapi.node is not a Windows binary');
  });
});
