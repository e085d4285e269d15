// What every measurement shares: the room and bodies, the success body the minimal server and the
// stub fetch answer with, statistics, and a runner for child processes that print one JSON line.
import { spawn } from 'node:child_process';

export const ROOM = '56f42c1914e2a8a91b99e595';
export const TOKEN = 'bench-token';
export const SMALL_BODY = { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'] };

export const SUCCESS_JOIN = JSON.stringify({
  data: {
    scenario: 'chat',
    status: 'Invitations successfully sent',
    roomId: ROOM,
    guestEmails: ['guest1@mycompany.com', 'ada@example.com', 'grace@example.com'],
    invalidUsers: [],
  },
});
export const SUCCESS_CANCEL = JSON.stringify({
  data: { scenario: 'chat', status: 'Cancellation successfully sent', roomId: ROOM, guestEmails: ['guest1@mycompany.com'], invalidUsers: [] },
});

/** `n` distinct, valid e-mails of realistic, varied length. */
export function emails(n) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = `${i % 3 ? 'first' : 'f'}.last${i}@${i % 2 ? 'example' : 'mail.partner-company'}${i % 7}.com`;
  return out;
}
export const joinBody = (n) => ({ scenario: 'chat', emails: emails(n), lang: 'en' });

/**
 * A fetch that answers at once without a network, with the least a Response needs for both
 * clients (status, ok, headers.get, text, json): what is left to time is the client itself.
 */
export function stubFetch(onCall) {
  const headers = { get: (name) => (name.toLowerCase() === 'x-rainbow-request-id' ? 'stub' : name.toLowerCase() === 'content-type' ? 'application/json' : null) };
  const response = { status: 200, ok: true, headers, text: () => Promise.resolve(SUCCESS_JOIN), json: () => Promise.resolve(JSON.parse(SUCCESS_JOIN)) };
  return (url, init) => {
    if (onCall) onCall(url, init);
    return Promise.resolve(response);
  };
}

// ---- statistics -------------------------------------------------------------------------------

function quantile(sorted, q) {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** Median and spread of samples: min, max, and (max - min) / median in %. */
export function summarize(samples) {
  if (!samples.length || samples.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new Error(`cannot summarize samples ${JSON.stringify(samples)}`);
  }
  const s = [...samples].sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  return {
    median,
    min: s[0],
    max: s[s.length - 1],
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    spreadPct: median ? ((s[s.length - 1] - s[0]) / Math.abs(median)) * 100 : 0,
    n: s.length,
    samples,
  };
}

// ---- child processes --------------------------------------------------------------------------

/**
 * Runs `node args…`, killing it after `timeoutMs`; resolves to { json, wallMs } where json is the
 * last stdout line parsed, rejects when it fails (the measurement could not be made).
 */
export function runNode(args, { timeoutMs = 120_000, env, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const last = out.trim().split('\n').pop();
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} failed (${signal || `exit ${code}`}): ${err.trim().slice(-2000) || out.slice(-500)}`));
        return;
      }
      try {
        resolve({ json: JSON.parse(last), wallMs });
      } catch {
        reject(new Error(`node ${args.join(' ')} printed no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** Starts bench/server.mjs in its own process; resolves to { url, close() }. */
export function startMinimalServer(serverPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const fail = (e) => reject(e instanceof Error ? e : new Error(String(e)));
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`the minimal server exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        child.removeAllListeners('exit');
        const { port } = JSON.parse(line);
        resolve({
          url: `http://127.0.0.1:${port}`,
          close: () =>
            new Promise((r) => {
              if (child.exitCode !== null) return r();
              child.once('exit', r);
              child.stdin.end(); // the server exits when its stdin closes
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    });
  });
}
