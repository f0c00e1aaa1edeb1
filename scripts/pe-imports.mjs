#!/usr/bin/env node
// Reads which DLLs a Windows PE file (.dll, .exe, .node) imports, from its regular import
// table (data directory 1, IMAGE_DIRECTORY_ENTRY_IMPORT) and its delay-load import table
// (data directory 13, IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT), as the PE/COFF specification
// lays them out. Nothing is executed or loaded.
//
// Why both: a .node built by mingw-w64 names `node.exe` in its regular import table, so
// Windows binds it to a module of that name at load time, and it cannot load in Electron
// (whose host is not node.exe). An MSVC build made by node-gyp names `node.exe` too, but
// in its delay-import table, where node-gyp's win_delay_load_hook redirects it to the
// host process: that one is fine.
//
// Usage: node scripts/pe-imports.mjs FILE...   (prints each file's imports as JSON)
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const IMPORT_DIRECTORY = 1;
const DELAY_IMPORT_DIRECTORY = 13;

export class PeFormatError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PeFormatError';
  }
}

/**
 * The imports of the PE image in `bytes` (a Buffer or Uint8Array):
 * { machine, pe32Plus, imports: string[], delayImports: string[] }, DLL names as written.
 * Throws a PeFormatError when `bytes` is not a well-formed PE image.
 */
export function readPeImports(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (offset, length, what) => {
    if (offset < 0 || offset + length > buf.length) throw new PeFormatError(`truncated: ${what} at ${offset} runs past the end (${buf.length} bytes)`);
  };
  need(0, 64, 'the DOS header');
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new PeFormatError('not a PE image: no MZ signature');
  const pe = buf.readUInt32LE(0x3c);
  need(pe, 24, 'the PE header');
  if (buf.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new PeFormatError('not a PE image: no PE signature');
  const machine = buf.readUInt16LE(pe + 4);
  const sectionCount = buf.readUInt16LE(pe + 6);
  const optionalSize = buf.readUInt16LE(pe + 20);
  const optional = pe + 24;
  need(optional, optionalSize, 'the optional header');
  const magic = buf.readUInt16LE(optional);
  if (magic !== 0x10b && magic !== 0x20b) throw new PeFormatError(`unknown optional header magic 0x${magic.toString(16)}`);
  const pe32Plus = magic === 0x20b;
  const imageBase = pe32Plus ? buf.readBigUInt64LE(optional + 24) : BigInt(buf.readUInt32LE(optional + 28));
  const directoryCount = buf.readUInt32LE(optional + (pe32Plus ? 108 : 92));
  const directories = optional + (pe32Plus ? 112 : 96);
  const directory = (index) => {
    if (index >= directoryCount || directories + index * 8 + 8 > optional + optionalSize) return { rva: 0, size: 0 };
    return { rva: buf.readUInt32LE(directories + index * 8), size: buf.readUInt32LE(directories + index * 8 + 4) };
  };

  const sectionTable = optional + optionalSize;
  need(sectionTable, sectionCount * 40, 'the section table');
  const sections = Array.from({ length: sectionCount }, (_, i) => {
    const at = sectionTable + i * 40;
    return {
      virtualSize: buf.readUInt32LE(at + 8),
      virtualAddress: buf.readUInt32LE(at + 12),
      rawSize: buf.readUInt32LE(at + 16),
      rawPointer: buf.readUInt32LE(at + 20),
    };
  });
  /** The file offset of a relative virtual address. */
  const offsetOf = (rva, what) => {
    const section = sections.find((s) => rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize));
    if (!section) throw new PeFormatError(`${what}: RVA 0x${rva.toString(16)} is in no section`);
    const offset = rva - section.virtualAddress + section.rawPointer;
    need(offset, 1, what);
    return offset;
  };
  const nameAt = (rva, what) => {
    const start = offsetOf(rva, what);
    const end = buf.indexOf(0, start);
    if (end < 0 || end - start > 260) throw new PeFormatError(`${what}: the name at RVA 0x${rva.toString(16)} is not terminated`);
    return buf.toString('latin1', start, end);
  };

  const imports = [];
  const table = directory(IMPORT_DIRECTORY);
  if (table.rva !== 0) {
    // IMAGE_IMPORT_DESCRIPTOR: OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name, FirstThunk.
    for (let at = offsetOf(table.rva, 'the import directory'); ; at += 20) {
      need(at, 20, 'an import descriptor');
      const name = buf.readUInt32LE(at + 12);
      const firstThunk = buf.readUInt32LE(at + 16);
      if (name === 0 && firstThunk === 0 && buf.readUInt32LE(at) === 0) break;
      imports.push(nameAt(name, 'an imported DLL name'));
      if (imports.length > 4096) throw new PeFormatError('the import directory has no end');
    }
  }

  const delayImports = [];
  const delay = directory(DELAY_IMPORT_DIRECTORY);
  if (delay.rva !== 0) {
    // ImgDelayDescr: Attributes, DllNameRVA, ModuleHandleRVA, ImportAddressTableRVA,
    // ImportNameTableRVA, BoundImportAddressTableRVA, UnloadInformationTableRVA, TimeDateStamp.
    // Attributes bit 0 clear is the old form (Visual C++ 6), whose "RVAs" are addresses.
    for (let at = offsetOf(delay.rva, 'the delay-import directory'); ; at += 32) {
      need(at, 32, 'a delay-import descriptor');
      const attributes = buf.readUInt32LE(at);
      let name = buf.readUInt32LE(at + 4);
      if (name === 0) break;
      if ((attributes & 1) === 0) name = Number(BigInt(name) - imageBase);
      delayImports.push(nameAt(name, 'a delay-loaded DLL name'));
      if (delayImports.length > 4096) throw new PeFormatError('the delay-import directory has no end');
    }
  }
  return { machine, pe32Plus, imports, delayImports };
}

/** How a PE image imports node.exe: 'regular' (binds to a module named node.exe), 'delay', or null. */
export function nodeExeImport(bytes) {
  const { imports, delayImports } = readPeImports(bytes);
  const isNode = (dll) => dll.toLowerCase() === 'node.exe';
  if (imports.some(isNode)) return 'regular';
  if (delayImports.some(isNode)) return 'delay';
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: pe-imports.mjs FILE...');
    process.exit(2);
  }
  for (const file of files) console.log(JSON.stringify({ file, ...readPeImports(fs.readFileSync(file)) }));
}
