// A trap in the WebAssembly module (a bug: the code never panics on input) ends a call with a
// typed error, never an untyped RuntimeError; every later call then fails the same way. The
// entries wrap each export with `guarded` (pkg/errors.js), exercised here with exports that trap.
import test from 'node:test';
import assert from 'node:assert/strict';
import { guarded } from '../../pkg/errors.js';
import * as rri from '../../pkg/node.js';

const { RainbowError } = rri;

const isInternal = (e) => {
  assert.ok(e instanceof RainbowError, `not a RainbowError: ${e}`);
  assert.equal(e.name, 'RainbowError');
  assert.equal(e.code, 'ERR_INTERNAL');
  assert.ok(e.cause instanceof WebAssembly.RuntimeError);
  assert.match(e.message, /bug in the package/);
  // A trap in an export's synchronous part comes before fetch is called: nothing was sent.
  assert.equal(e.attempts, 0);
  assert.equal(e.mayHaveBeenDelivered, false);
  return true;
};
const trap = () => {
  throw new WebAssembly.RuntimeError('unreachable');
};

test('a trap: a synchronous export throws, a call rejects, with RainbowError ERR_INTERNAL; later calls too', async () => {
  let calls = 0;
  const healthy = () => {
    calls += 1;
    return { valid: true };
  };
  assert.throws(() => guarded(trap)(), isInternal);
  await assert.rejects(guarded(trap, true)(), isInternal);
  // The module can't be trusted after a trap: an export that would work now fails too.
  assert.throws(() => guarded(healthy)(), isInternal);
  await assert.rejects(guarded(healthy, true)(), isInternal);
  assert.equal(calls, 0);

  // The entry's exports share that state (the same errors.js): each of them is guarded, so each
  // fails the same way now, and none reaches fetch.
  const ROOM = '56f42c1914e2a8a91b99e595';
  const BODY = { scenario: 'chat', emails: ['a@example.com'] };
  let fetched = 0;
  const fetch = async () => {
    fetched += 1;
    return new Response('{}');
  };
  for (const f of [rri.validateJoinInvitation, rri.validateCancelation]) assert.throws(() => f(ROOM, BODY), isInternal);
  const api = new rri.RoomsInvitationApi({ fetch });
  const sent = [
    rri.sendUsersJoinRoomInvitation(ROOM, BODY, { fetch }),
    rri.sendUserRoomInvitationCancelation(ROOM, BODY, { fetch }),
    api.sendUsersJoinRoomInvitation(ROOM, BODY),
    api.sendUserRoomInvitationCancelation(ROOM, BODY),
    api.sendUsersJoinRoomInvitationWithHttpInfo(ROOM, BODY),
    api.sendUserRoomInvitationCancelationWithHttpInfo(ROOM, BODY),
  ];
  for (const p of sent) await assert.rejects(p, isInternal);
  assert.equal(fetched, 0);
});
