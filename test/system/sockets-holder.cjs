// A Linux-side helper for the socket tests and benchmarks: run with the host's node inside
// the test namespace, it listens and/or opens TCP connections and holds them until killed.
//
//   node sockets-holder.cjs server HOST PORT COUNT STATUS
//   node sockets-holder.cjs client HOST PORT COUNT STATUS [BURST] [PAUSE_MS] [START]
//   node sockets-holder.cjs both   HOST PORT COUNT STATUS [BURST] [PAUSE_MS] [START]
//
// STATUS is a file that always holds one JSON object, replaced atomically:
// { listening, accepted, connected, done, error }. `connected` counts connections whose
// handshake completed; each burst of BURST connections is opened at once, PAUSE_MS apart.
// With START, the holder connects only as far as that file says: absent, none yet; a
// number, that many in all; empty, all COUNT. Every socket stays open (one file descriptor
// each: the caller checks `ulimit -n`).
'use strict';
/* global setInterval, clearInterval */

const fs = require('node:fs');
const net = require('node:net');

const [role, host, portText, countText, statusFile, burstText, pauseText, startFile] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
const burst = Number(burstText || 200);
const pause = Number(pauseText || 0);
const held = [];
const status = { listening: false, accepted: 0, connected: 0, done: false, error: null };

function report() {
  const temporary = `${statusFile}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify(status));
  fs.renameSync(temporary, statusFile);
}

function fail(error) {
  status.error = String(error && error.message ? error.message : error);
  report();
}

function listen() {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
      status.accepted++;
      if (role === 'server' && status.accepted % burst === 0) report();
    });
    server.on('error', fail);
    server.listen({ host, port, backlog: 4096 }, () => {
      status.listening = true;
      report();
      resolve();
    });
  });
}

/** How many connections the caller wants open by now. */
function target() {
  if (!startFile) return count;
  let text;
  try {
    text = fs.readFileSync(startFile, 'utf8').trim();
  } catch {
    return 0;
  }
  return text === '' ? count : Math.min(count, Number(text));
}

async function connect() {
  for (let opened = 0; opened < count; ) {
    const wanted = target();
    if (wanted <= opened) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    const n = Math.min(burst, wanted - opened);
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise((resolve, reject) => {
            const socket = net.connect({ host, port }, () => {
              status.connected++;
              resolve();
            });
            socket.on('error', reject);
            held.push(socket);
          }),
      ),
    );
    opened += n;
    report();
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  status.done = true;
  report();
}

(async () => {
  try {
    if (role === 'server' || role === 'both') await listen();
    if (role === 'client' || role === 'both') await connect();
    if (role === 'server') {
      // The server is done when it has accepted them all.
      const timer = setInterval(() => {
        report();
        if (status.accepted >= count) {
          status.done = true;
          report();
          clearInterval(timer);
        }
      }, 50);
    }
  } catch (error) {
    fail(error);
  }
})();
process.on('SIGTERM', () => process.exit(0));
