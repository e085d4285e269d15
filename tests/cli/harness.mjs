// Shared by the CLI's tests: the mock Rainbow server started once per file (and reset before each
// test), a temporary directory for list files, and `cli(args)`, which runs pkg/cli.js (or
// PKG_DIR's) as a child process with RAINBOW_HOST and RAINBOW_TOKEN set to the mock's, and checks
// that the token appears in none of its output.
import { before, after, beforeEach } from 'node:test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { PKG, assertBuilt, tempDir, childEnv, runNode, newToken, assertNoSecret } from '../examples/helpers.mjs';

export { SEED };
export const ROOM = SEED.roomId;
export const CLI = path.join(PKG, 'cli.js');

/** Registers the file's hooks; returns what its tests use (`mock` and `tmp` once `before` ran). */
export function cliHarness() {
  const h = {
    token: newToken(),
    mock: undefined,
    tmp: undefined,
    /** Runs the CLI; `env` is laid over the mock's RAINBOW_HOST and RAINBOW_TOKEN. */
    async cli(args, { env = {}, input, onStart } = {}) {
      const r = await runNode([CLI, ...args], { cwd: h.tmp, env: childEnv({ RAINBOW_HOST: h.mock.url, RAINBOW_TOKEN: h.token, ...env }), input, onStart });
      assertNoSecret(h.token, r.stdout, r.stderr);
      return r;
    },
    /** Writes a file in the temporary directory; returns its path. */
    file(name, text) {
      const p = path.join(h.tmp, name);
      fs.writeFileSync(p, text);
      return p;
    },
    /** [path, body] of every request the mock received. */
    bodies: () => h.mock.requests.map((q) => [q.path, q.json]),
  };
  before(async () => {
    assertBuilt('cli.js');
    h.tmp = tempDir('rri-cli-');
    h.mock = await startMockServer({ port: 0, host: '127.0.0.1', quiet: true, token: h.token });
  });
  after(async () => {
    if (h.mock) await h.mock.close();
    if (h.tmp) fs.rmSync(h.tmp, { recursive: true, force: true });
  });
  beforeEach(() => h.mock.reset());
  return h;
}

/** A port of this machine where nothing listens. */
export async function closedPort() {
  const server = http.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
