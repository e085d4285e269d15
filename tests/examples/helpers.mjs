// Shared by tests/examples/ and tests/cli/: the built package (pkg/, or PKG_DIR), a consumer
// project that resolves `rainbow-room-invitations` to it, child processes that never block the
// test process (the mock server lives here), and a token that must never be printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = path.resolve(process.env.PKG_DIR || path.join(REPO, 'pkg'));

/** A token that looks like nothing else in any output. */
export const newToken = () => `tok-${randomBytes(16).toString('hex')}`;

export function assertBuilt(...files) {
  for (const f of ['package.json', 'node.js', 'rainbow_room_invitations_bg.wasm', ...files]) {
    assert.ok(fs.existsSync(path.join(PKG, f)), `${PKG}/${f} is missing: run \`make build\` first`);
  }
}

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Makes `dir` a project where `rainbow-room-invitations` is the built package (a symlink, as
 * `npm install file:../../pkg` makes), with `files` copied in.
 */
export function consumerProject(dir, { copyFrom, packageJson } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  if (copyFrom) fs.cpSync(copyFrom, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
  if (packageJson) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(PKG, path.join(dir, 'node_modules/rainbow-room-invitations'), 'dir');
  return dir;
}

/** The environment of a child: this one's, without any RAINBOW_* variable, plus `extra`. */
export function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('RAINBOW_')) delete env[k];
  return { ...env, NODE_NO_WARNINGS: '1', ...extra };
}

/**
 * Runs `command args` without blocking this process. Resolves to { status, signal, stdout, stderr }.
 * `onStart(child)` can signal it; `input` is written to its standard input.
 */
export function run(command, args, { cwd, env, input, timeoutMs = 60_000, onStart } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env || childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
    child.stdin.end(input ?? '');
    if (onStart) onStart(child);
  });
}

export const runNode = (args, options) => run(process.execPath, args, options);

/** Fails if `secret` appears in any of the texts (whole, its distinctive second half, or its first 8 characters). */
export function assertNoSecret(secret, ...texts) {
  for (const text of texts) {
    assert.ok(!text.includes(secret), 'the token was printed');
    assert.ok(!text.includes(secret.slice(secret.length / 2)), 'part of the token was printed');
    assert.ok(secret.length < 8 || !text.includes(secret.slice(0, 8)), `the token's start was printed: ${text}`);
  }
}

/** Waits until `predicate()` is true (polling), or fails after `ms`. */
export async function waitFor(predicate, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const INVITE = (room) => `/api/rainbow/enduser/v1.0/rooms/${room}/invitations`;
export const CANCEL = (room) => `/api/rainbow/enduser/v1.0/rooms/${room}/invitations/cancel`;
