// The wasm side must not keep anything per call: neither linear memory nor slots of the table of
// JS values it holds (memory-failures.test.mjs: on every way a call can fail).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node.js';
import { memory, table } from './helpers/wasm-instance.mjs';

const ROOM = '56f42c1914e2a8a91b99e595';
const fetch = async () => new Response('{"data":{"scenario":"chat","status":"Invitations successfully sent"}}', { status: 200 });

async function growth(run) {
  await run(500); // warm up: first-use allocations are not growth
  const slots = table.length;
  const bytes = memory.buffer.byteLength;
  await run(5000);
  return { slots: table.length - slots, bytes: memory.buffer.byteLength - bytes };
}

test('validation keeps nothing per call, whatever the input', async () => {
  const inputs = [
    [ROOM, { scenario: 'chat', emails: ['a@example.com'] }],
    [1, undefined],
    ['x', { scenario: 'chats', email: 'a' }, { baseUrl: 5, token: '' }],
  ];
  const g = await growth(async (n) => {
    for (let i = 0; i < n; i++) for (const args of inputs) api.validateJoinInvitation(...args);
  });
  assert.deepEqual(g, { slots: 0, bytes: 0 });
});

test('a large request reuses the memory the first one took', async () => {
  const emails = Array.from({ length: 10000 }, (_, i) => `guest.${i}@example.com`);
  const g = await growth(async (n) => {
    for (let i = 0; i < n / 250; i++) {
      const r = api.validateJoinInvitation(ROOM, { scenario: 'chat', emails });
      assert.equal(r.request.emails.length, 10000);
    }
  });
  assert.deepEqual(g, { slots: 0, bytes: 0 });
});

test('calls keep nothing per call, failed or not', async () => {
  const failing = async () => new Response('<html>bad gateway</html>', { status: 502 });
  const g = await growth(async (n) => {
    for (let i = 0; i < n; i++) {
      await api.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { fetch });
      await api.sendUserRoomInvitationCancelation(ROOM, { emails: ['g@x'] }, { fetch: failing }).catch((e) => assert.equal(e.code, 'ERR_API'));
    }
  });
  assert.deepEqual(g, { slots: 0, bytes: 0 });
});
