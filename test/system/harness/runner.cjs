// Runs inside the Windows node.exe (under Wine on Linux, natively on Windows).
// Usage: node runner.cjs REQUEST.json RESULT.json
// REQUEST: { packageDir, source, arg }: `source` is a function (api, arg, require) => value;
// its value (or the error it threw) is written to RESULT as JSON, bigints and errors tagged.
'use strict';
const fs = require('node:fs');

const [, , requestFile, resultFile] = process.argv;

// esbuild may wrap functions in __name(); the source arrives without esbuild's helpers.
globalThis.__name = (fn) => fn;

function revive(_key, value) {
  if (value && typeof value === 'object' && typeof value.$bigint === 'string') return BigInt(value.$bigint);
  return value;
}

// A function, not an arrow: `this[key]` is the value before Date's toJSON ran.
function replace(key, value) {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.toISOString() };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof Error) return serializeError(value);
  if (value === undefined) return { $undefined: true };
  return value;
}

function serializeError(error) {
  const out = { $error: true, name: error.name, message: error.message, stack: error.stack };
  for (const key of ['code', 'win32', 'ntstatus', 'syscall', 'member', 'hint', 'systemMessage']) {
    if (error[key] !== undefined) out[key] = error[key];
  }
  return out;
}

async function main() {
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'), revive);
  let result;
  try {
    const api = require(request.packageDir);
    const fn = new Function(`return (${request.source});`)();
    result = { ok: true, value: await fn(api, request.arg, require) };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? serializeError(error) : { $error: true, message: String(error) } };
  }
  fs.writeFileSync(resultFile, JSON.stringify(result, replace));
}

main().then(
  () => process.exit(0),
  (error) => {
    fs.writeFileSync(resultFile, JSON.stringify({ ok: false, error: { $error: true, message: String(error) } }));
    process.exit(1);
  },
);
