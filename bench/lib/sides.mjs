// The sides the call-overhead probes compare, each a function making one join call to `url`: the
// package, the baseline client, and the baseline client given a 30 s timeout signal (what each
// package call carries, and Node's fetch charges for).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOM, TOKEN, SMALL_BODY } from './common.mjs';
import * as baseline from '../baseline-client.mjs';

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
