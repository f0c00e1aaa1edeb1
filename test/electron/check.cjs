// Checks what smoke.cjs and app.cjs wrote: both ran in Electron and saw routes.
'use strict';
const fs = require('node:fs');

let failed = false;
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(file, r);
  if (!r.electron || !(r.routes > 0)) {
    console.error(`${file}: expected Electron and at least one route`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
