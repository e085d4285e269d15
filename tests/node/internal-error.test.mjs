// A trap in the WebAssembly module (a bug: the core never panics on input) still ends every call
// with a typed error, never an untyped RuntimeError or a Promise left pending.
import test from 'node:test';
import assert from 'node:assert/strict';
import { client } from '../../pkg/client.js';
import { RainbowError } from '../../pkg/node.js';

const trapping = client({
  run() {
    throw new WebAssembly.RuntimeError('unreachable');
  },
});
const ROOM = '56f42c1914e2a8a91b99e595';
const isInternal = (e) => {
  assert.ok(e instanceof RainbowError, `not a RainbowError: ${e}`);
  assert.equal(e.name, 'RainbowError');
  assert.equal(e.code, 'ERR_INTERNAL');
  assert.ok(e.cause instanceof WebAssembly.RuntimeError);
  assert.match(e.message, /bug in the package/);
  return true;
};

test('a trap during validation throws RainbowError ERR_INTERNAL', () => {
  assert.throws(() => trapping.validateJoinInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }), isInternal);
});

test('a trap during a call rejects with RainbowError ERR_INTERNAL, and nothing is sent', async () => {
  let sent = 0;
  const fetch = async () => {
    sent++;
    return new Response('{}');
  };
  await assert.rejects(trapping.sendUsersJoinRoomInvitation(ROOM, { scenario: 'chat', emails: ['a@example.com'] }, { fetch }), isInternal);
  assert.equal(sent, 0);
});
