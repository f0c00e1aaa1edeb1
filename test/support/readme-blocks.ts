/**
 * The JavaScript and TypeScript blocks of README.md, each as the file a reader would save:
 * a block's first line may name it (`// first-example.cjs`), which also says whether it
 * is CommonJS or an ES module; otherwise a `js` block is an ES module (`.mjs`, where
 * top-level await works) and a `ts` block a `.mts`.
 */
import fs from 'node:fs';
import path from 'node:path';

export const README = path.resolve(__dirname, '..', '..', 'README.md');

export interface ReadmeBlock {
  /** The file name the block is saved as. */
  file: string;
  /** The README line of the block's first code line. */
  line: number;
  code: string;
}

const LANGUAGES: Record<string, string> = { js: '.mjs', javascript: '.mjs', mjs: '.mjs', cjs: '.cjs', ts: '.mts', typescript: '.mts', mts: '.mts', cts: '.cts' };

export function readmeBlocks(text: string = fs.readFileSync(README, 'utf8')): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([A-Za-z]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const end = lines.findIndex((l, j) => j > i && l.trimStart().startsWith(fence) && l.trim() === l.trim().replace(/[^`~]/g, '') && l.trim().length >= fence.length);
    const body = lines.slice(i + 1, end < 0 ? lines.length : end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    const ext = LANGUAGES[info.toLowerCase()];
    if (ext) {
      const named = /^\/\/\s*([\w.-]+\.(?:c|m)?(?:j|t)s)\s*$/.exec(body[0] ?? '');
      blocks.push({ file: named ? named[1]! : `readme-line-${i + 2}${ext}`, line: i + 2, code: `${body.join('\n')}\n` });
    }
    i = end < 0 ? lines.length : end;
  }
  return blocks;
}
