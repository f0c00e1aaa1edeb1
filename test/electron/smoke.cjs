// Run by the electron workflow as ELECTRON_RUN_AS_NODE=1 electron smoke.cjs OUT.json:
// loads the package the way an app's main process does and lists routes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const netio = require(path.resolve(__dirname, '..', '..'));
  const routes = await netio.getIpForwardTable2('AF_UNSPEC');
  const interfaces = netio.getIfTable2Sync();
  fs.writeFileSync(
    process.argv[2],
    JSON.stringify({ electron: process.versions.electron, runAsNode: process.env.ELECTRON_RUN_AS_NODE === '1', routes: routes.length, interfaces: interfaces.length }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
