// Hostile servers (issue 6, "Responses from the network"): whatever a server answers — every status
// class, any content type, empty, truncated, invalid UTF-8, deeply nested JSON, JSON that is not an
// object, XML, HTML, a body that never ends, odd or repeated headers — the call settles with the
// success model or a typed error, within its timeout. The server is a raw TCP socket of this file
// (node:net), so that anything, including what no HTTP library would send, can be answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import zlib from 'node:zlib';

import * as lib from '../../pkg/node.js';
import { typedErrorProblem, TOKEN, TOKEN_MARK, ROOM } from './cases.mjs';

const SUCCESS = JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] } });
const API_ERROR = (status) => JSON.stringify({ errorCode: status, errorMsg: 'Error', errorDetails: 'details', errorDetailsCode: status * 1000 });
const TIMEOUT_MS = 1000;

let server;
let port;
const sockets = new Set();
let respond = () => {};
let received = 0; // whole requests, this case

before(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (answered || end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      answered = true;
      received++;
      respond(socket, head);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

/** A whole HTTP/1.1 response: status line, headers (an array of [name, value]), body. */
const http = (status, headers, body = '', reason = 'Whatever') => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))) lines.push(`Content-Length: ${b.length}`);
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
};
const send = (bytes) => (socket) => socket.end(bytes);
const json = (status, body, extra = []) => send(http(status, [['Content-Type', 'application/json'], ...extra], body));

const nested = (n, open, close, inner = '1') => open.repeat(n) + inner + close.repeat(n);

/** The check of an answer of `status` whose body broke off: the server had the request. */
const brokeOff = (status) => (e) => {
  assert.match(e.message, new RegExp(`^The server at \\S+ answered ${status}, but its answer broke off before the end \\(.+\\)\\. The request may have reached the server`));
  assert.equal(e.mayHaveBeenDelivered, true);
  assert.equal(e.attempts, 1);
};

/**
 * [name, how the server answers, what the call must end with]: 'success', an error name, or
 * 'typed' (any typed outcome), and options to add.
 */
const CASES = [
  // Every status class, with a body of the right kind.
  ...[200, 201, 202, 203, 206, 207, 226, 250, 299].map((s) => [`status ${s} with the success body`, json(s, SUCCESS), 'success']),
  ...[204, 205].map((s) => [`status ${s} (no body)`, send(http(s, [], '')), 'RainbowResponseError']),
  ...[300, 301, 302, 303, 304, 305, 307, 308, 399].map((s) => [`status ${s} without a Location`, json(s, API_ERROR(s)), 'typed']),
  ['status 407 (read by fetch as a proxy\'s)', json(407, API_ERROR(407)), 'typed'],
  ...[400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 422, 423, 425, 426, 428, 431, 451, 499,
    500, 501, 502, 504, 505, 507, 511, 599].map((s) => [`status ${s} with an error body`, json(s, API_ERROR(s)), 'RainbowApiError']),
  // The Fetch standard has fetch send a request again, on a new connection, after a 421: that
  // would be the same invitations twice. Node's sends it again without its body (an empty POST,
  // which this server, closing each connection, never gets whole), then fails; the call is not
  // retried.
  ['status 421, sent once', json(421, API_ERROR(421)), 'RainbowNetworkError', {}, (e) => {
    assert.match(e.message, /421 Misdirected Request; Node's fetch sent it again without its body/);
    assert.equal(e.attempts, 1);
    assert.equal(received, 1, 'requests received whole');
  }],
  ['status 429 asking to wait 120 s', json(429, API_ERROR(429), [['Retry-After', '120']]), 'RainbowApiError'],
  ['status 503 asking to wait 0 s, twice', json(503, API_ERROR(503), [['Retry-After', '0']]), 'RainbowApiError', { maxRetries: 2 }],
  ['status 429 with a Retry-After date in year 9223372036854775807', json(429, API_ERROR(429), [['Retry-After', 'Sun, 06 Nov 9223372036854775807 08:49:37 GMT']]), 'typed', { maxRetries: 1, totalTimeoutMs: 3000 }],
  ['status 429 with retry-after-ms -5 and 1e309', json(429, API_ERROR(429), [['retry-after-ms', '-5'], ['Retry-After', '1e309']]), 'typed', { maxRetries: 1, totalTimeoutMs: 3000 }],
  ['status 100 Continue, then 200 (undici refuses an unasked-for 100)', send(Buffer.concat([Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'), http(200, [['Content-Type', 'application/json']], SUCCESS)])), 'typed'],
  ['status 103 Early Hints, then 200', send(Buffer.concat([Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n'), http(200, [['Content-Type', 'application/json']], SUCCESS)])), 'success'],
  ['status 102 Processing, then nothing', (s) => s.write('HTTP/1.1 102 Processing\r\n\r\n'), 'RainbowTimeoutError'],
  ['status 101 Switching Protocols', send(Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')), 'typed'],
  ...[600, 999, '000', 1000, 'abc', '-1'].map((s) => [`status ${s}`, send(http(s, [['Content-Type', 'application/json']], SUCCESS)), 'typed']),
  // Any content type.
  ['200 XML', send(http(200, [['Content-Type', 'text/xml']], '<?xml version="1.0"?><data><guestEmails>a@b.co</guestEmails></data>')), 'RainbowResponseError'],
  ['400 XML', send(http(400, [['Content-Type', 'application/xml']], '<error><code>400</code></error>')), 'RainbowApiError'],
  ['200 HTML', send(http(200, [['Content-Type', 'text/html']], '<!doctype html><html><body>Login</body></html>')), 'RainbowResponseError'],
  ['502 HTML from a proxy', send(http(502, [['Content-Type', 'text/html']], '<html><h1>502 Bad Gateway</h1></html>')), 'RainbowApiError'],
  ['200 octet-stream of random bytes', send(http(200, [['Content-Type', 'application/octet-stream']], Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)))), 'RainbowResponseError'],
  ['200 JSON without a Content-Type', send(http(200, [], SUCCESS)), 'success'],
  ['200 JSON as APPLICATION/JSON; CHARSET=UTF-8', send(http(200, [['CONTENT-TYPE', 'APPLICATION/JSON; CHARSET=UTF-8']], SUCCESS)), 'success'],
  ['200 JSON declared UTF-16, sent as UTF-16', send(http(200, [['Content-Type', 'application/json; charset=utf-16le']], Buffer.from(SUCCESS, 'utf16le'))), 'typed'],
  ['200 multipart', send(http(200, [['Content-Type', 'multipart/mixed; boundary=x']], `--x\r\nContent-Type: application/json\r\n\r\n${SUCCESS}\r\n--x--`)), 'RainbowResponseError'],
  // Empty, truncated, broken.
  ['200 empty', send(http(200, [['Content-Type', 'application/json']], '')), 'RainbowResponseError'],
  ['500 empty', send(http(500, [], '')), 'RainbowApiError'],
  // An answer that broke off is said to be one, not a server out of reach.
  ['200 cut short of its Content-Length, then closed', send(Buffer.concat([http(200, [['Content-Type', 'application/json'], ['Content-Length', '500']], ''), Buffer.from(SUCCESS.slice(0, 20))])), 'RainbowNetworkError', {}, brokeOff(200)],
  ['200 chunked, cut before the last chunk', send(Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n10\r\n${SUCCESS.slice(0, 16)}\r\n`)), 'RainbowNetworkError', {}, brokeOff(200)],
  ['200 chunked with a bad chunk size', send(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n')), 'typed'],
  ['200 syntactically truncated JSON', json(200, SUCCESS.slice(0, -7)), 'RainbowResponseError'],
  ['200 HTTP/1.0 without a length, ended by close', send(Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n${SUCCESS}`)), 'success'],
  ['a socket closed at once', (s) => s.destroy(), 'RainbowNetworkError'],
  ['a socket reset', (s) => s.resetAndDestroy(), 'RainbowNetworkError'],
  ['not HTTP at all', send(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), 'RainbowNetworkError'],
  ['200 with invalid gzip', send(http(200, [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], Buffer.from('not gzip at all'))), 'RainbowNetworkError', {}, brokeOff(200)],
  // Framed by the connection's close: Node's body stream stays pending even after the attempt's
  // abort, so only the race in `Stopper::wait` ends the call, at its timeout.
  ...['gzip', 'br', 'deflate'].map((coding) => [`200 with invalid ${coding}, ended by closing the connection`,
    send(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: ${coding}\r\nConnection: close\r\n\r\nnot ${coding}`)), 'RainbowTimeoutError']),
  ['200 gzip', send(http(200, [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], zlib.gzipSync(SUCCESS))), 'success'],
  // Invalid UTF-8.
  ['200 with invalid UTF-8 inside a string', send(http(200, [['Content-Type', 'application/json']], Buffer.concat([Buffer.from('{"data":{"status":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('","guestEmails":[]}}')]))), 'success'],
  ['200 with invalid UTF-8 outside strings', send(http(200, [['Content-Type', 'application/json']], Buffer.concat([Buffer.from('{"data":'), Buffer.from([0xff]), Buffer.from('{}}')]))), 'RainbowResponseError'],
  ['400 with invalid UTF-8', send(http(400, [['Content-Type', 'text/plain']], Buffer.from([0x80, 0x81, 0xff, 0x41]))), 'RainbowApiError'],
  // A leading BOM is dropped, as fetch's text() drops it: the same whether the body is read whole
  // (Content-Length) or streamed (chunked).
  ['200 with a UTF-8 BOM', send(http(200, [['Content-Type', 'application/json']], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SUCCESS)]))), 'success'],
  ['200 chunked with a UTF-8 BOM', send(Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${(SUCCESS.length + 3).toString(16)}\r\n\ufeff${SUCCESS}\r\n0\r\n\r\n`)), 'success'],
  ['200 gzip with a UTF-8 BOM', send(http(200, [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], zlib.gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SUCCESS)])))), 'success'],
  ['200 with lone surrogate escapes', json(200, '{"data":{"status":"\\ud800\\udc00\\udfff\\ud800","guestEmails":["\\ud800@x.co"]}}'), 'success'],
  // Deeply nested, or not an object.
  ['200 with 100,000 nested arrays', json(200, nested(100_000, '[', ']')), 'RainbowResponseError'],
  ['200 with 100,000 nested objects', json(200, nested(100_000, '{"a":', '}')), 'RainbowResponseError'],
  ['200 with 100,000 nested arrays inside data', json(200, `{"data":{"x":${nested(100_000, '[', ']')},"guestEmails":[]}}`), 'RainbowResponseError'],
  ['400 with 100,000 nested arrays', json(400, nested(100_000, '[', ']')), 'RainbowApiError'],
  ['200 with 60 nested objects inside data', json(200, `{"data":{"x":${nested(60, '{"a":', '}')},"guestEmails":[]}}`), 'success'],
  ['200 with a JSON array', json(200, '[{"data":{}}]'), 'RainbowResponseError'],
  ['200 with a JSON number', json(200, '42'), 'RainbowResponseError'],
  ['200 with a JSON string', json(200, '"ok"'), 'RainbowResponseError'],
  ['200 with JSON null', json(200, 'null'), 'RainbowResponseError'],
  ['200 with `data` a number', json(200, '{"data":5}'), 'RainbowResponseError'],
  ['200 with guestEmails of numbers', json(200, '{"data":{"guestEmails":[1,2]}}'), 'RainbowResponseError'],
  ['200 with 1e400 and -0', json(200, '{"data":{"n":1e400,"m":-0,"k":123456789012345678901234567890,"guestEmails":[]}}'), 'success'],
  ['200 with __proto__ and constructor keys', json(200, '{"__proto__":{"polluted":1},"data":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"guestEmails":[]}}'), 'success'],
  ['200 with 100,000 repeated keys', json(200, `{"data":{${Array.from({ length: 100_000 }, (_, i) => `"k":${i}`).join(',')},"guestEmails":[]}}`), 'success'],
  // Bodies that never end, or are too large.
  ['200 whose body never ends (a byte every 100 ms)', (s) => {
    s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n1\r\n{\r\n');
    const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('1\r\n \r\n')), 100);
    s.on('close', () => clearInterval(t));
  }, 'RainbowTimeoutError'],
  ['headers that never end', (s) => s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n'), 'RainbowTimeoutError'],
  ['no answer at all', () => {}, 'RainbowTimeoutError'],
  ['200 streaming 64 KB chunks forever', (s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[');
    const chunk = Buffer.alloc(65536, 0x20);
    const pump = () => { while (!s.destroyed && s.write(chunk)); if (!s.destroyed) s.once('drain', pump); };
    pump();
  }, 'RainbowResponseError'],
  ['200 declaring Content-Length 99999999999', send(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\nContent-Type: application/json\r\n\r\n{')), 'RainbowResponseError'],
  ['200 gzip bomb (40 MB of zeros)', send(http(200, [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20), { level: 9 }))), 'RainbowResponseError'],
  // Odd and repeated headers.
  ['odd casing of x-rainbow-request-id', json(404, API_ERROR(404), [['X-RAINBOW-REQUEST-ID', 'req-upper']]), 'RainbowApiError', {}, (e) => assert.equal(e.requestId, 'req-upper')],
  ['x-rainbow-request-id repeated', json(404, API_ERROR(404), [['x-rainbow-request-id', 'a'], ['X-Rainbow-Request-Id', 'b']]), 'RainbowApiError', {}, (e) => assert.match(e.requestId, /a.*b/)],
  ['Retry-After repeated on a 429', json(429, API_ERROR(429), [['Retry-After', '1'], ['retry-after', '2']]), 'RainbowApiError'],
  ['Content-Type repeated and contradictory', send(http(200, [['Content-Type', 'text/html'], ['content-type', 'application/json']], SUCCESS)), 'typed'],
  ['Content-Length repeated with different values', send(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n${SUCCESS}`)), 'typed'],
  ['a 20 KB header', json(200, SUCCESS, [['X-Big', 'x'.repeat(20 * 1024)]]), 'typed'],
  ['1,000 headers', json(200, SUCCESS, Array.from({ length: 1000 }, (_, i) => [`X-H${i}`, String(i)])), 'typed'],
  ['header values with latin-1 and control bytes', send(Buffer.concat([Buffer.from('HTTP/1.1 400 Bad\r\nX-Rainbow-Request-Id: caf'), Buffer.from([0xe9, 0x01]), Buffer.from(`\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`)])), 'typed'],
  ['a header folded over two lines', send(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Folded: a\r\n b\r\nContent-Length: ${SUCCESS.length}\r\n\r\n${SUCCESS}`)), 'typed'],
  ['a header line without a colon', send(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nNoColonHere\r\nContent-Length: ${SUCCESS.length}\r\n\r\n${SUCCESS}`)), 'typed'],
  ['LF-only line ends', send(Buffer.from(`HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: ${SUCCESS.length}\n\n${SUCCESS}`)), 'typed'],
].map(([name, answer, expect, options = {}, check]) => ({ name, answer, expect, options, check }));

const uncaught = [];
const onUncaught = (e) => uncaught.push(e);

for (const c of CASES) {
  test(`server: ${c.name} → ${c.expect === 'typed' ? 'success or a typed error' : c.expect}`, async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const before = uncaught.length;
    respond = c.answer;
    received = 0;
    const lines = [];
    const options = {
      baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: TIMEOUT_MS, maxRetries: 0,
      logger: (level, line) => lines.push(line), logLevel: 'debug', ...c.options,
    };
    const budget = (options.totalTimeoutMs ?? TIMEOUT_MS * (options.maxRetries + 1)) + 1500;
    const t0 = performance.now();
    let outcome;
    const call = new lib.RoomsInvitationApi(options).sendUsersJoinRoomInvitationWithHttpInfo(ROOM, { scenario: 'chat', emails: ['ada@example.com'] });
    const guard = new Promise((r) => { const t = setTimeout(() => r({ pending: true }), budget); t.unref?.(); });
    try {
      outcome = await Promise.race([call.then((value) => ({ value }), (error) => ({ error })), guard]);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      for (const s of sockets) s.destroy();
      // Let the client see those sockets close before the next case opens one.
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - t0;
    assert.ok(!outcome.pending, `still pending after ${budget} ms`);
    assert.deepEqual(uncaught.slice(before).map(String), [], 'uncaught exceptions');
    assert.ok(ms < budget, `took ${Math.round(ms)} ms`);
    assert.equal(({}).polluted, undefined, 'Object.prototype was polluted');
    assert.deepEqual(lines.filter((l) => l.includes(TOKEN_MARK)), [], 'token in a log line');
    if ('error' in outcome) {
      assert.equal(typedErrorProblem(lib, outcome.error), '', `${outcome.error?.name}: ${outcome.error?.message}`);
      assert.ok(c.expect === 'typed' || c.expect === outcome.error.name, `${outcome.error.name} (${outcome.error.message.slice(0, 200)}), expected ${c.expect}`);
      c.check?.(outcome.error);
    } else {
      const data = outcome.value.data.data;
      assert.ok(c.expect === 'typed' || c.expect === 'success', `succeeded (${JSON.stringify(outcome.value).slice(0, 200)}), expected ${c.expect}`);
      assert.ok(Array.isArray(data.guestEmails) && Array.isArray(data.invalidUsers), JSON.stringify(outcome.value).slice(0, 300));
      assert.equal(typeof outcome.value.status, 'number');
      c.check?.(outcome.value);
    }
  });
}
