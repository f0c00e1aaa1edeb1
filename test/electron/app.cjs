// Run by the electron workflow as `electron app.cjs OUT.json`: a real Electron app with no
// window that lists routes in its main process, writes what it saw, and quits.
'use strict';
const { app } = require('electron');
const fs = require('node:fs');
const path = require('node:path');

const out = process.argv[process.argv.length - 1];

app.whenReady().then(async () => {
  try {
    const netio = require(path.resolve(__dirname, '..', '..'));
    const routes = await netio.getIpForwardTable2('AF_UNSPEC');
    const best = await netio.routes.best('198.51.100.1').catch((e) => ({ error: e.code }));
    fs.writeFileSync(out, JSON.stringify({ electron: process.versions.electron, runAsNode: false, routes: routes.length, best: best.error ?? best.route.destinationPrefix }));
    app.exit(0);
  } catch (error) {
    console.error(error);
    app.exit(1);
  }
});
