// The JS error classes' `scrub` (pkg-template/errors.js: causes, reasons and the CLI's output),
// on the cases of the wasm's own (tests/core_errors.rs): the two must hide the same text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { scrub } from '../../pkg/errors.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz';
const OTHER = 'eyJhbGciOiJIUzI1NiJ9.eyJvdGhlciI6dHJ1ZX0.b3RoZXItc2lnbmF0dXJl';

test("a JWT's payload and signature, echoed without the header most tokens share, are scrubbed", () => {
  assert.equal(scrub('got eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz!', JWT), 'got [redacted]!');
  assert.equal(scrub('sig c2lnbmF0dXJl…', JWT), 'sig [redacted]…');
  // Parts under 8 characters are no secret of their own.
  assert.equal(scrub('a.b and bcdefghij', 'xxxxxxxxxx.b.bcdefghij'), 'a.b and [redacted]');
});

test('several tokens, in a list or one per line: each is scrubbed, and runs that overlap or follow each other share a mark', () => {
  for (const secret of [`${JWT}\n${OTHER}`, [JWT, OTHER], [OTHER, JWT]]) {
    assert.equal(scrub(`old ${OTHER}, new ${JWT}.`, secret), 'old [redacted], new [redacted].');
  }
  assert.equal(scrub('no secret here', '\n\n'), 'no secret here');
  assert.equal(scrub('no secret here', []), 'no secret here');
  // Lists of lists (RoomsInvitationApi's secrets of an ApiClient and of a call), with holes.
  assert.equal(scrub('a abcdefghij b zyxwvutsrq', [['abcdefghij', undefined], ['zyxwvutsrq'], null]), 'a [redacted] b [redacted]');
});

test('a cut token, a short one, another mark, a value that is not text', () => {
  assert.equal(scrub('xabcdefghijy', 'abcdefghijk', '<token>'), 'x<token>y');
  assert.equal(scrub('abcdefgh|abcdefgh', 'abcdefghij'), '[redacted]|[redacted]');
  assert.equal(scrub("can't t do it", 't'), "can't [redacted] do it");
  assert.equal(scrub("Rainbow's t", 's'), "Rainbow's t");
  assert.equal(scrub(5, 'abcdefghij'), 5);
});

