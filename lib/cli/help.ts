/**
 * How the CLI's help texts are laid out: the usage lines, then each paragraph on its own
 * (wrapped to WIDTH columns, a blank line between), then the options. Every family's help
 * is made here, so all of them read the same way.
 */
export const VERSION_TEXT = (version: string): string => `netioapi ${version}`;

/** The widest line a help text has. */
export const WIDTH = 88;

/** The global options, as the families that take them all list them. */
export const GLOBAL_OPTIONS: readonly (readonly [string, string])[] = [
  ['-j, --json', "iproute2's JSON (as ip -j prints it); --json=mib: the full MIB rows"],
  ['-4, -6', 'IPv4 or IPv6 only'],
  ['-h, --help', 'this text'],
];

function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > WIDTH - indent.length) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export interface HelpSpec {
  /** Each form of the command, without "netioapi "; one that starts with a space continues the one before. */
  usage: readonly string[];
  /** Paragraphs of prose, each wrapped; a paragraph that starts with two spaces is kept as written. */
  about?: readonly string[];
  /** Options: [flags, meaning]; GLOBAL_OPTIONS unless given. An empty list prints none. */
  options?: readonly (readonly [string, string])[];
  /** What the options heading says ('Options (anywhere)' by default). */
  optionsTitle?: string;
}

export function helpText(spec: HelpSpec): string {
  const sections: string[][] = [];
  // A usage line that starts with a space continues the one before it.
  sections.push(spec.usage.map((u, i) => (u.startsWith(' ') ? `                ${u.trim()}` : `${i === 0 ? 'Usage: ' : '       '}netioapi ${u}`)));
  for (const paragraph of spec.about ?? []) {
    sections.push(paragraph.startsWith('  ') ? paragraph.split('\n') : wrap(paragraph));
  }
  const options = spec.options ?? GLOBAL_OPTIONS;
  if (options.length > 0) {
    const width = Math.max(...options.map(([flags]) => flags.length));
    sections.push([
      `${spec.optionsTitle ?? 'Options (anywhere)'}:`,
      ...options.flatMap(([flags, meaning]) => {
        const [first = '', ...more] = wrap(meaning, ' '.repeat(width + 4));
        return [`  ${flags.padEnd(width)}  ${first.trimStart()}`, ...more];
      }),
    ]);
  }
  return sections.map((s) => s.join('\n')).join('\n\n');
}
