// The hostile HTTP server of the Node fuzzers: a raw TCP server (node:net), so an answer can be
// anything at all: a broken status line, wrong or doubled framing, a body cut short or compressed
// wrongly, a connection closed before, during or after the head, or never answered. Each request
// is recorded under the key of its path (`/k/<key>/…`, from the baseUrl a case gives), and
// answered by the plan the case set for that key (see answers.mjs for the plans).
import net from 'node:net';

/** Starts the server on 127.0.0.1; `ok()` is the plan of the known-good route. */
export async function startHostileServer() {
  const records = new Map(); // key -> [{ path, headers, body, receivedAtMs }]
  const plans = new Map(); // key -> (index) => plan
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    const parse = () => {
      // Not HTTP (a TLS handshake from an https:// baseUrl): answer as a plain-http server does.
      if (buf.length && !/^[A-Z]/.test(buf.toString('latin1', 0, 1))) { socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'); buf = Buffer.alloc(0); return; }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
      buf = buf.subarray(end + 4 + len);
      const [requestLine, ...lines] = head.split('\r\n');
      const headers = {};
      for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
      const path = requestLine.split(' ')[1] || '';
      const key = /^\/k\/([^/]+)\//.exec(path)?.[1] ?? '?';
      if (!records.has(key)) records.set(key, []);
      const list = records.get(key);
      list.push({ method: requestLine.split(' ')[0], path, headers, body, receivedAtMs: Date.now() });
      const plan = plans.get(key)?.(list.length - 1);
      if (!plan) socket.destroy();
      else writeAnswer(socket, plan);
      parse();
    };
    socket.on('data', (chunk) => { buf = Buffer.concat([buf, chunk]); parse(); });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    port: server.address().port,
    /** The baseUrl whose requests go to `key`. */
    base: (key) => `${origin}/k/${key}`,
    /** Answers request n of `key` with `planOf(n)` (a plan, or null to close the connection). */
    answer(key, planOf) { plans.set(key, planOf); records.delete(key); },
    requests: (key) => records.get(key) ?? [],
    forget(key) { plans.delete(key); records.delete(key); },
    close() { for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}

/**
 * Writes one plan: { status, reason, headers: [[name, value]], body: Buffer, framing, destroy,
 * hang, delay, pre, http10, clDelta, split } (see answers.mjs). Sets plan.sentAtMs when the head
 * goes out (the clock a Retry-After date is read against) and plan.wrote = 'nothing' | 'head'.
 */
export function writeAnswer(socket, plan) {
  const go = () => {
    if (socket.destroyed) return;
    plan.wrote = 'nothing';
    if (plan.destroy === 'before') { socket.destroy(); return; }
    if (plan.hang === 'nohead') return;
    const pre = plan.pre ? `HTTP/1.1 ${plan.pre} Info\r\n${plan.pre === '103' ? 'Link: </x>; rel=preload\r\n' : ''}\r\n` : '';
    const b = plan.body;
    const lines = [`HTTP/${plan.http10 ? '1.0' : '1.1'} ${plan.status} ${plan.reason ?? 'X'}`, ...plan.headers.map(([k, v]) => `${k}: ${v}`)];
    const chunked = () => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n0\r\n\r\n')]);
    let payload = b;
    switch (plan.framing) {
      case 'cl': lines.push(`Content-Length: ${b.length}`); break;
      case 'cl-short': lines.push(`Content-Length: ${Math.max(0, b.length - plan.clDelta)}`); break;
      case 'cl-long': lines.push(`Content-Length: ${b.length + plan.clDelta}`); break;
      case 'cl-dup': lines.push(`Content-Length: ${b.length}`, `Content-Length: ${b.length + 1}`); break;
      case 'cl-garbage': lines.push(`Content-Length: ${plan.clGarbage}`); break;
      case 'chunked': lines.push('Transfer-Encoding: chunked'); payload = chunked(); break;
      case 'chunked-bad': lines.push('Transfer-Encoding: chunked'); payload = Buffer.concat([Buffer.from('zz\r\n'), b]); break;
      case 'both': lines.push('Transfer-Encoding: chunked', `Content-Length: ${b.length}`); payload = chunked(); break;
      default: break; // 'close': the body ends with the connection
    }
    lines.push('Connection: close');
    const head = Buffer.from(`${pre}${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    plan.sentAtMs = Date.now();
    plan.wrote = 'head';
    if (plan.destroy === 'head') { socket.write(head); socket.destroy(); return; }
    if (plan.destroy === 'mid' || plan.hang === 'midbody') {
      socket.write(Buffer.concat([head, payload.subarray(0, Math.floor(payload.length / 2))]));
      if (plan.destroy === 'mid') setTimeout(() => socket.destroy(), 5);
      return;
    }
    if (plan.split) { socket.write(Buffer.concat([head, payload.subarray(0, 5)])); setTimeout(() => socket.end(payload.subarray(5)), 5); return; }
    socket.end(Buffer.concat([head, payload]));
  };
  if (plan.delay) setTimeout(go, plan.delay); else go();
}
