/**
 * How a benchmark file hands its figures to scripts/bench.mjs: each top-level key of the
 * results document is one file, `${NETIOAPI_BENCH_OUT}.${key}.json`, written whole, so no
 * file reads or rewrites another's. bench.mjs gathers them into one document. Without
 * NETIOAPI_BENCH_OUT (a bench file run by vitest directly) nothing is written.
 */
import fs from 'node:fs';

export function record(key: string, value: unknown): void {
  const out = process.env.NETIOAPI_BENCH_OUT;
  if (!out || value === undefined) return;
  fs.writeFileSync(`${out}.${key}.json`, JSON.stringify(value, null, 2));
}
