// Types of scripts/pe-imports.mjs, for the unit suite.
export declare class PeFormatError extends Error {}
export interface PeImports {
  /** IMAGE_FILE_HEADER.Machine: 0x8664 x64, 0x14c ia32, 0xaa64 arm64. */
  machine: number;
  pe32Plus: boolean;
  /** The DLLs of the regular import table (data directory 1). */
  imports: string[];
  /** The DLLs of the delay-load import table (data directory 13). */
  delayImports: string[];
}
export declare function readPeImports(bytes: Uint8Array): PeImports;
export declare function nodeExeImport(bytes: Uint8Array): 'regular' | 'delay' | null;
