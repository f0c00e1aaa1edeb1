#!/usr/bin/env node
// The package's install step. On Windows: use a prebuilt binary for this architecture if
// the package has one, else build from source with node-gyp (node-gyp-build does both).
// Elsewhere there is nothing to build: the package installs for its types, its tests and
// its CLI's help, and every OS call fails with STATUS_NOT_SUPPORTED.
'use strict';

if (process.platform !== 'win32') process.exit(0);

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const bin = require.resolve('node-gyp-build/bin.js');
const result = spawnSync(process.execPath, [bin], { stdio: 'inherit', cwd: path.join(__dirname, '..') });
process.exit(result.status === null ? 1 : result.status);
