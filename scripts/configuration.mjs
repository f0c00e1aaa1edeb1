// Which native sources compile to different code with and without NETIOAPI_BENCH (the
// benchmark build's define). Shared by the native lint (which checks those twice) and the
// cross-build (whose benchmark build compiles only those with the define, and links the
// release build's objects for the rest).
import fs from 'node:fs';
import path from 'node:path';

// The project's own includes of a file (#include "x"), resolved beside it.
function localIncludes(file) {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => path.join(path.dirname(file), m[1])).filter((f) => fs.existsSync(f));
}

// Whether `text` has code that only one of the two configurations compiles: a region under
// #ifndef NETIOAPI_BENCH or an #else of one, or a NETIOAPI_BENCH region with anything but
// declarations (lines ending in ';') and preprocessor lines.
function hasConfigurationCode(text) {
  const lines = text.split('\n').map((line) => line.replace(/\/\/.*$/, '').trim());
  for (let i = 0; i < lines.length; i++) {
    if (!/^#\s*if.*\bNETIOAPI_BENCH\b/.test(lines[i])) continue;
    if (/^#\s*ifndef\b|!\s*defined/.test(lines[i])) return true;
    for (let depth = 1, j = i + 1; j < lines.length && depth > 0; j++) {
      const line = lines[j];
      if (/^#\s*if/.test(line)) depth++;
      else if (/^#\s*endif/.test(line)) depth--;
      else if (depth === 1 && /^#\s*(else|elif)/.test(line)) return true;
      else if (line !== '' && !line.startsWith('#') && !/^[^{}]*;$/.test(line)) return true;
    }
  }
  return false;
}

/**
 * Whether `source` (relative to `root`) compiles to different code without NETIOAPI_BENCH: it
 * names the define itself, or includes (at any depth) a header of the project whose
 * NETIOAPI_BENCH regions hold more than declarations.
 */
export function differsWithoutBench(root, source) {
  const file = path.join(root, source);
  if (/\bNETIOAPI_BENCH\b/.test(fs.readFileSync(file, 'utf8'))) return true;
  const seen = new Set();
  const pending = localIncludes(file);
  for (let header = pending.pop(); header; header = pending.pop()) {
    if (seen.has(header)) continue;
    seen.add(header);
    if (hasConfigurationCode(fs.readFileSync(header, 'utf8'))) return true;
    pending.push(...localIncludes(header));
  }
  return false;
}
