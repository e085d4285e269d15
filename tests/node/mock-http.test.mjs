// The mock Rainbow server's HTTP behaviour: CORS, scripted answers and faults, static files,
// and the command-line front end.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockServer, SEED } from '../../www/mock-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INVITE = `/api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations`;
const CHAT = JSON.stringify({ scenario: 'chat', emails: ['script@example.org'] });

let mock;
let pkgDir;
let rootDir;
before(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-http-'));
  pkgDir = path.join(tmp, 'pkg');
  rootDir = path.join(tmp, 'www');
  fs.mkdirSync(pkgDir);
  fs.mkdirSync(rootDir);
  fs.writeFileSync(path.join(pkgDir, 'browser.js'), 'export const x = 1;\n');
  fs.writeFileSync(path.join(pkgDir, 'x_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(rootDir, 'index.html'), '<!doctype html><title>t</title>\n');
  fs.writeFileSync(path.join(rootDir, 'demo.css'), 'body{}\n');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the root\n');
  mock = await startMockServer({ port: 0, root: rootDir, pkgDir });
});
after(async () => { await mock.close(); });
beforeEach(() => mock.reset());

const post = (p = INVITE, init = {}) => fetch(mock.url + p, {
  method: 'POST', body: CHAT, ...init, headers: { 'content-type': 'application/json', ...(init.headers || {}) },
});

// A raw HTTP exchange, for paths fetch would normalise and for watching the bytes arrive.
function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.on('data', (c) => { data += c; });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    sock.write(text);
  });
}

describe('CORS', () => {
  test('a preflight from any origin allows the client\'s headers and is not recorded as a request', async () => {
    const res = await fetch(mock.url + INVITE, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,accept,x-rainbow-client,x-rainbow-correlation-id',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test:5173');
    assert.match(res.headers.get('access-control-allow-methods'), /\bPOST\b/);
    const allowed = res.headers.get('access-control-allow-headers').split(/,\s*/);
    for (const h of ['authorization', 'content-type', 'accept', 'x-rainbow-client', 'x-rainbow-correlation-id']) assert.ok(allowed.includes(h), h);
    assert.match(res.headers.get('access-control-expose-headers'), /x-rainbow-request-id/);
    assert.ok(res.headers.get('x-rainbow-request-id'));
    assert.equal(mock.requests.length, 0);
    assert.equal(mock.preflights.length, 1);
  });

  test('a preflight does not allow other request headers', async () => {
    const res = await fetch(mock.url + INVITE, {
      method: 'OPTIONS',
      headers: { origin: 'http://a.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, cookie, proxy-foo' },
    });
    const allowed = res.headers.get('access-control-allow-headers').split(/,\s*/);
    assert.deepEqual(allowed, ['content-type']);
  });

  test('real answers, errors and scripted answers carry the CORS headers', async () => {
    mock.script({ status: 502, body: 'Bad gateway' });
    for (const p of [INVITE, `/api/rainbow/enduser/v1.0/rooms/${SEED.unknownRoomId}/invitations`, INVITE]) {
      const res = await post(p, { headers: { origin: 'http://a.test' } });
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://a.test');
      assert.match(res.headers.get('access-control-expose-headers'), /x-rainbow-request-id/);
    }
  });
});

describe('scripted answers', () => {
  test('are used once each, in order, by the next API requests, and do not touch the state', async () => {
    mock.script({ status: 429, headers: { 'retry-after': '3' }, body: 'Too many requests' })
      .script({ status: 200, body: { data: { scenario: 'chat', status: 'Invitations successfully sent', failed: { invalidUsers: ['x'] } } } });
    let res = await post();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await res.text(), 'Too many requests');
    res = await post();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual((await res.json()).data.failed, { invalidUsers: ['x'] });
    assert.deepEqual(mock.state.rooms[0].guestEmails, SEED.guestEmails, 'scripted answers replace the real processing');
    res = await post();
    assert.equal(res.status, 200);
    assert.ok(mock.state.rooms[0].guestEmails.includes('script@example.org'), 'the queue is empty again');
    assert.equal(mock.requests.length, 3);
    assert.deepEqual(mock.requests[0].json, JSON.parse(CHAT));
  });

  test('a JSON string body is sent as JSON, an empty status-only answer has no body, headers can be removed', async () => {
    mock.script({ status: 500, body: '{"errorCode":500,"errorMsg":"Internal Server Error","errorDetails":"","errorDetailsCode":500000}' });
    mock.script({ status: 409 });
    mock.script({ status: 200, body: { data: {} }, headers: { 'x-rainbow-request-id': null, 'content-type': 'text/xml' } });
    let res = await post();
    assert.equal(res.status, 500);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.equal((await res.json()).errorDetailsCode, 500000);
    res = await post();
    assert.equal(res.status, 409);
    assert.equal(await res.text(), '');
    assert.match(res.headers.get('x-rainbow-request-id'), /^[0-9a-f]{24}$/);
    assert.equal(res.headers.get('x-rainbow-request-id'), mock.requests[1].requestId);
    res = await post();
    assert.equal(res.headers.get('x-rainbow-request-id'), null);
    assert.equal(res.headers.get('content-type'), 'text/xml');
  });

  test('delayMs waits before the headers', async () => {
    mock.script({ status: 200, body: { data: {} }, delayMs: 300 });
    const t0 = Date.now();
    const res = await post();
    assert.ok(Date.now() - t0 >= 280, `headers after ${Date.now() - t0} ms`);
    assert.equal(res.status, 200);
  });

  test('a delay without status or body delays the real processing', async () => {
    mock.script({ delayMs: 250 });
    const t0 = Date.now();
    const res = await post();
    assert.ok(Date.now() - t0 >= 230);
    assert.equal((await res.json()).data.status, 'Invitations successfully sent');
    assert.ok(mock.state.rooms[0].guestEmails.includes('script@example.org'));
  });

  test('stallBodyMs sends the headers and part of the body, then waits', async () => {
    mock.script({ status: 200, body: { data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: [] } }, stallBodyMs: 400 });
    const t0 = Date.now();
    const res = await post();
    const tHeaders = Date.now() - t0;
    assert.ok(tHeaders < 300, `headers came after ${tHeaders} ms`);
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.ok(first.value.length > 0);
    const partial = Buffer.from(first.value).toString();
    assert.throws(() => JSON.parse(partial), 'the first chunk is not the whole body');
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += Buffer.from(value).toString();
    }
    assert.ok(Date.now() - t0 >= 380);
    assert.equal(JSON.parse(partial + rest).data.status, 'Invitations successfully sent');
  });

  test('a client that gives up during a stall does not break the server', async () => {
    mock.script({ status: 200, body: { data: {} }, stallBodyMs: 2000 });
    const ac = new AbortController();
    const res = await post(INVITE, { signal: ac.signal });
    ac.abort();
    await assert.rejects(res.text());
    const again = await post();
    assert.equal(again.status, 200);
  });

  test('destroy before-read closes the socket without an answer; the request is recorded', async () => {
    mock.script({ destroy: 'before-read' });
    await assert.rejects(post(), (e) => e instanceof TypeError);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0].path, INVITE);
    assert.deepEqual(mock.state.rooms[0].guestEmails, SEED.guestEmails);
  });

  test('destroy after-read reads the body first, then closes the socket', async () => {
    mock.script({ destroy: 'after-read' });
    await assert.rejects(post(), (e) => e instanceof TypeError);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0].body, CHAT);
    assert.deepEqual(mock.requests[0].json, JSON.parse(CHAT));
    assert.deepEqual(mock.state.rooms[0].guestEmails, SEED.guestEmails);
    assert.equal((await post()).status, 200, 'the next request is served normally');
  });

  test('preflights and /mock/* calls do not use a scripted answer', async () => {
    mock.script({ status: 503, body: 'down' });
    await fetch(mock.url + INVITE, { method: 'OPTIONS', headers: { origin: 'http://a.test', 'access-control-request-method': 'POST' } });
    assert.equal((await fetch(`${mock.url}/mock/state`)).status, 200);
    assert.equal((await fetch(`${mock.url}/index.html`)).status, 200);
    assert.equal((await post()).status, 503);
  });
});

describe('static files', () => {
  test('serves the root and /pkg/ with the right content types', async () => {
    let res = await fetch(`${mock.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    res = await fetch(`${mock.url}/demo.css`);
    assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
    res = await fetch(`${mock.url}/pkg/browser.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await res.text(), 'export const x = 1;\n');
    res = await fetch(`${mock.url}/pkg/x_bg.wasm`);
    assert.equal(res.headers.get('content-type'), 'application/wasm');
    assert.deepEqual([...new Uint8Array(await res.arrayBuffer())].slice(0, 4), [0, 0x61, 0x73, 0x6d]);
    assert.ok(res.headers.get('x-rainbow-request-id'));
    assert.equal((await fetch(`${mock.url}/nope.js`)).status, 404);
    assert.equal(mock.requests.length, 0, 'static files are not API requests');
  });

  test('no directory traversal, encoded or not', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/pkg/../secret.txt', '/pkg/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/pkg/..%2f..%2fsecret.txt', '/%5c..%5csecret.txt']) {
      const reply = await rawRequest(mock.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const status = Number(reply.split(' ')[1]);
      assert.ok(status >= 400, `${p} answered ${status}`);
      assert.ok(!reply.includes('outside the root'), p);
    }
  });

  test('the default root is www/ and the default package dir is <repo>/pkg', async () => {
    const m = await startMockServer({ port: 0 });
    try {
      const res = await fetch(`${m.url}/mock-server.mjs`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), fs.readFileSync(path.join(REPO, 'www/mock-server.mjs'), 'utf8'));
      const pkg = await fetch(`${m.url}/pkg/package.json`);
      assert.equal(pkg.status, fs.existsSync(path.join(REPO, 'pkg/package.json')) ? 200 : 404);
    } finally {
      await m.close();
    }
  });
});

describe('www/server.mjs', () => {
  test('listening beyond this machine (HOST=0.0.0.0) says so, even with --quiet; on loopback it does not', async () => {
    const run = (env) => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO, 'www/server.mjs'), '--port', '0', '--quiet'], { env: { ...process.env, ...env } });
      let err = '';
      let out = '';
      child.stderr.on('data', (d) => { err += d; });
      // Started once it prints its addresses: stop it then.
      child.stdout.on('data', (d) => { out += d; if (out.includes('Mock state:')) child.kill(); });
      child.on('error', reject);
      child.on('exit', () => resolve(err));
    });
    assert.match(await run({ HOST: '0.0.0.0' }), /^Warning: listening on 0\.0\.0\.0, not only on this machine/);
    assert.equal(await run({ HOST: '127.0.0.1' }), '');
  });
});

describe('several servers and close()', () => {
  test('servers are independent and close() frees the port even with a stalled answer pending', async () => {
    const a = await startMockServer({ port: 0 });
    const b = await startMockServer({ port: 0 });
    assert.notEqual(a.url, b.url);
    await fetch(a.url + INVITE, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CHAT });
    assert.ok(a.state.rooms[0].guestEmails.includes('script@example.org'));
    assert.deepEqual(b.state.rooms[0].guestEmails, SEED.guestEmails);
    a.script({ status: 200, body: { data: {} }, delayMs: 10_000 });
    const pending = fetch(a.url + INVITE, { method: 'POST', body: CHAT }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await a.close();
    await b.close();
    assert.ok(Date.now() - t0 < 2000);
    assert.ok((await pending) instanceof TypeError);
    await assert.rejects(fetch(`${a.url}/mock/state`));
  });
});

describe('node www/server.mjs', () => {
  test('prints the seed and the URL, serves the API with a token, never prints the token', async () => {
    const token = 'cli-token-must-not-leak';
    const child = spawn(process.execPath, ['www/server.mjs', '--port', '0', '--token', token], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 5000);
        child.stdout.on('data', () => {
          const m = /Demo page:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      for (const fact of [SEED.roomId, SEED.confId, 'guest2@mycompany', SEED.users[1].email, SEED.users[1].id, SEED.forbiddenRoomId]) {
        assert.ok(out.includes(fact), `prints ${fact}`);
      }
      let res = await fetch(url + INVITE, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CHAT });
      assert.equal(res.status, 401);
      res = await fetch(url + INVITE, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: CHAT });
      assert.equal(res.status, 200);
      assert.ok(!out.includes(token), 'the token is never printed');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    assert.ok(!out.includes(token));
  });

  test('PORT from the environment is used', async () => {
    const probe = net.createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    const port = probe.address().port;
    await new Promise((r) => probe.close(r));
    const child = spawn(process.execPath, ['www/server.mjs', '--quiet'], { cwd: REPO, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(out)), 5000);
        child.stdout.on('data', () => { if (out.includes(`127.0.0.1:${port}/`)) { clearTimeout(timer); resolve(); } });
      });
      const res = await fetch(`http://127.0.0.1:${port}/mock/state`);
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  test('a bad argument exits with a usage message', async () => {
    const child = spawn(process.execPath, ['www/server.mjs', '--bogus'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 2);
    assert.match(out, /usage: node www\/server\.mjs/);
  });
});
