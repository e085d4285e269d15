// The sides the call-overhead probes compare, each a function making one join call to `url`: the
// package, the baseline client, and the baseline client given a 30 s timeout signal (what each
// package call carries, and Node's fetch charges for); and the two ways the probes call them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOM, TOKEN, SMALL_BODY } from './common.mjs';
import * as baseline from '../baseline-client.mjs';

export const SIDES = ['package', 'baseline', 'withTimeout'];
/** The sides starting with the `r`-th: repetitions and rounds rotate which side goes first. */
export const rotated = (r) => [...SIDES.slice(r % SIDES.length), ...SIDES.slice(0, r % SIDES.length)];
export const IN_FLIGHT = 64;

export async function callSides(pkgDir, url) {
  const pkg = await import(pathToFileURL(path.join(pkgDir, 'node.js')).href);
  const options = { baseUrl: url, token: TOKEN };
  const withTimeout = { ...options, fetch: (u, init) => fetch(u, { ...init, signal: AbortSignal.timeout(30_000) }) };
  return {
    package: () => pkg.sendUsersJoinRoomInvitation(ROOM, SMALL_BODY, options),
    baseline: () => baseline.sendUsersJoinRoomInvitation(ROOM, SMALL_BODY, options),
    withTimeout: () => baseline.sendUsersJoinRoomInvitation(ROOM, SMALL_BODY, withTimeout),
  };
}

const check = (r) => {
  if (!r || !r.data || r.data.status !== 'Invitations successfully sent') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
};

/** `n` calls one after the other. */
export async function sequential(call, n) {
  for (let i = 0; i < n; i++) check(await call());
}

/** `n` calls, `IN_FLIGHT` at a time. */
export async function concurrent(call, n) {
  let left = n;
  const worker = async () => {
    while (left-- > 0) check(await call());
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}
