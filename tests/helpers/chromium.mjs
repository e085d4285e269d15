// Chromium for the test layers that run one: where it is (CHROMIUM_PATH, or CHROMIUM as the bench
// reads it, else /usr/bin/chromium, which `make setup-browser` installs) and how it is launched:
// headless, without network traffic of its own (no QUIC, no background or component updates).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** A fresh headless Chromium (with a temporary profile of its own); says what to run when it is missing. */
export function launchChromium() {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`make setup-browser\``);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
