/**
 * Coverage of netioapi.h: every documented function is exported one for one (async and
 * …Sync), or excluded with a reason; and nothing that mingw-w64's netioapi.h declares is
 * missing from the list.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { NETIOAPI_H_FUNCTIONS, NETIOAPI_H_UNDOCUMENTED, exportName } from '../netioapi-h.js';

const exports = api as unknown as Record<string, unknown>;
const all = [...NETIOAPI_H_FUNCTIONS, ...NETIOAPI_H_UNDOCUMENTED];

describe('every function of netioapi.h is here, one for one', () => {
  test('the list is Microsoft’s: 76 documented functions, each once', () => {
    expect(NETIOAPI_H_FUNCTIONS).toHaveLength(76);
    expect(new Set(all.map((f) => f.name)).size).toBe(all.length);
  });

  test.each(all.filter((f) => f.excluded === undefined).map((f) => [f.name, exportName(f)]))('%s is exported as %s, with its Sync twin', (_name, exported) => {
    expect(typeof exports[exported], exported).toBe('function');
    expect(typeof exports[`${exported}Sync`], `${exported}Sync`).toBe('function');
  });

  test('the exclusions are few, each with its reason, and none of them is exported after all', () => {
    const excluded = all.filter((f) => f.excluded !== undefined);
    expect(excluded.map((f) => f.name).sort()).toEqual(
      ['CancelMibChangeNotify2', 'ConvertInterfaceLuidToNameA', 'ConvertInterfaceNameToLuidA', 'FreeDnsSettings', 'FreeInterfaceDnsSettings', 'FreeMibTable'].sort(),
    );
    for (const f of excluded) {
      expect(f.excluded!.length, f.name).toBeGreaterThan(20);
      expect(exports[exportName(f)], f.name).toBeUndefined();
    }
  });
});

// mingw-w64's header: on the Linux CI machine it is installed (the cross build needs it).
const MINGW_NETIOAPI_H = process.env.NETIOAPI_MINGW_NETIOAPI_H ?? '/usr/share/mingw-w64/include/netioapi.h';
const haveHeader = fs.existsSync(MINGW_NETIOAPI_H);

describe.skipIf(!haveHeader)(
  `mingw-w64's netioapi.h${haveHeader ? '' : ` (skipped: ${MINGW_NETIOAPI_H} is not here; install mingw-w64 to check the list against it, as the Linux CI job does)`}`,
  () => {
    test('every function it declares is on the list', () => {
      const text = fs.readFileSync(MINGW_NETIOAPI_H, 'utf8');
      // Declarations read "<return type> NETIOAPI_API_ Name (…);"; the callback typedefs read
      // "typedef VOID (NETIOAPI_API_ *P…)" and do not match.
      const declared = [...text.matchAll(/^[ \t]*(?!typedef\b)[A-Z_][\w ]*?\bNETIOAPI_API_\s+(\w+)\s*\(/gm)].map((m) => m[1]!);
      expect(declared.length).toBeGreaterThanOrEqual(60);
      const listed = new Set(all.map((f) => f.name));
      expect(declared.filter((name) => !listed.has(name))).toEqual([]);
    });
  },
);
