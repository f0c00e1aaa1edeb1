/**
 * A parser of `ipconfig /all` (Wine's and Windows' English output), as a program that
 * shells out would write one: the system suite compares adapters with it, and the
 * benchmark times it. Self-contained (no imports, no outer names), so that its source can
 * also run inside the Windows node.exe.
 */
/** `ipconfig /all`'s text as { host: {key: values}, adapters: [{ name, fields: {key: values} }] }. */
export function parseIpconfig(text: string): { host: Record<string, string[]>; adapters: { name: string; fields: Record<string, string[]> }[] } {
  const host: Record<string, string[]> = {};
  const adapters: { name: string; fields: Record<string, string[]> }[] = [];
  let fields = host;
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\S.* adapter (.+?):?$/.exec(line);
    const keyed = /^ {4}([A-Za-z][A-Za-z0-9 ()-]*?)[ .]*: ?(.*)$/.exec(line);
    const more = /^ {8,}(\S.*)$/.exec(line);
    if (section) {
      fields = {};
      adapters.push({ name: section[1]!, fields });
      last = undefined;
    } else if (keyed) {
      last = fields[keyed[1]!] ??= [];
      if (keyed[2]!.trim() !== '') last.push(keyed[2]!.trim());
    } else if (more && last) {
      last.push(more[1]!.trim());
    }
  }
  return { host, adapters };
}
