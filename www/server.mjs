#!/usr/bin/env node
// The demo server: the mock Rainbow API, the demo page at / (this folder) and the built package
// at /pkg/ (<repo>/pkg).
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1] [--token T] [--pkg DIR] [--quiet]
//
// PORT, HOST and MOCK_TOKEN environment variables work too. The token is never printed.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startMockServer, SEED } from './mock-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: node www/server.mjs [--port N] [--host H] [--token T] [--pkg DIR] [--quiet]';

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      host: { type: 'string', default: process.env.HOST || '127.0.0.1' },
      token: { type: 'string' },
      pkg: { type: 'string', default: path.resolve(HERE, '..', 'pkg') },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(e.message);
  console.error(USAGE);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const opts = {
  port: Number(args.port),
  host: args.host,
  token: args.token ?? (process.env.MOCK_TOKEN || undefined),
  pkgDir: path.resolve(args.pkg),
  quiet: args.quiet,
};
if (!/^\d+$/.test(args.port) || opts.port > 65535) {
  console.error('--port must be an integer between 0 and 65535');
  process.exit(2);
}

let mock;
try {
  mock = await startMockServer({ ...opts, root: HERE });
} catch (e) {
  console.error(`cannot listen on ${opts.host}:${opts.port}: ${e.code || e.message}${e.code === 'EADDRINUSE' ? ' (use --port or PORT=… for another port)' : ''}`);
  process.exit(1);
}

// Beyond this machine, other people reach the mock and what is typed into the demo (the addresses
// of its outbox): said even with --quiet, as the generic HOST variable may ask for it unnoticed.
if (!/^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(opts.host)) {
  console.error(`Warning: listening on ${opts.host}, not only on this machine: others on the network can use the mock and read what the demo sends. --host 127.0.0.1 (or HOST=127.0.0.1) keeps it here.`);
}

const userName = (id) => SEED.users.find((u) => u.id === id)?.name ?? id;
const lines = [];
lines.push('Mock Rainbow room-invitation server');
lines.push('');
lines.push(`Caller (the token's user): ${SEED.caller.name} ${SEED.caller.id} <${SEED.caller.email}>`);
lines.push('Users:');
for (const u of SEED.users) lines.push(`  ${u.id}  ${u.email.padEnd(28)} ${u.name}${u.lang ? ` (${u.lang})` : ''}`);
lines.push('Rooms:');
for (const r of SEED.rooms) {
  lines.push(`  ${r.id}  ${r.name}`);
  lines.push(`      members: ${r.members.map((m) => `${userName(m.userId)} (${m.privilege}, ${m.status})`).join(', ')}`);
  lines.push(`      confId: ${r.conference ? `${r.conference.confId}${r.conference.scheduled ? '' : ' (instant meeting)'}` : 'none'}`);
  lines.push(`      guestEmails: ${r.guestEmails.length ? r.guestEmails.join(', ') : '(none)'}`);
}
lines.push(`Unknown room id (404): ${SEED.unknownRoomId}`);
lines.push('');
lines.push(`Authentication: ${opts.token !== undefined ? 'a Bearer token is required (the one given; not shown)' : 'none required'}`);
if (!fs.existsSync(path.join(opts.pkgDir, 'browser.js'))) {
  lines.push(`Warning: ${opts.pkgDir}/browser.js does not exist yet; run \`make build\` so the demo page can load the package.`);
}
lines.push('');
lines.push(`Demo page:   ${mock.url}/`);
lines.push(`API base:    ${mock.url}  (POST /api/rainbow/enduser/v1.0/rooms/{roomId}/invitations[/cancel])`);
lines.push(`Mock state:  GET ${mock.url}/mock/state   reset: POST ${mock.url}/mock/reset`);
console.log(lines.join('\n'));

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (closing) process.exit(1);
    closing = true;
    await mock.close();
    process.exit(0);
  });
}
