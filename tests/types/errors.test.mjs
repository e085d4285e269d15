// The errors are defined once: their classes, names and codes in pkg-template/errors.js. This holds
// index.d.ts to that definition, both ways (tests/core_errors.rs holds the core's names and fields).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import * as errors from '../../pkg-template/errors.js';

const declarations = fs.readFileSync(new URL('../../pkg-template/index.d.ts', import.meta.url), 'utf8');

test('index.d.ts declares each error class of errors.js, with its name and code', () => {
  const classes = Object.entries(errors).filter(([name, C]) => name.startsWith('Rainbow') && typeof C == 'function' && name !== 'RainbowError');
  assert.ok(classes.length >= 7, `errors.js exports the classes (${classes.map(([n]) => n)})`);
  for (const [name, C] of classes) {
    const at = declarations.indexOf(`export class ${name} extends RainbowError {`);
    assert.ok(at >= 0, `index.d.ts declares ${name}`);
    const block = declarations.slice(at, declarations.indexOf('\n}', at));
    assert.match(block, new RegExp(`\\n  name: '${name}';`), `${name}'s name`);
    assert.match(block, new RegExp(`\\n  code: '${C.prototype.code}';`), `${name}'s code is errors.js's ${C.prototype.code}`);
  }
});

test('index.d.ts declares no error class that errors.js lacks', () => {
  for (const [, name] of declarations.matchAll(/export class (Rainbow\w+) extends RainbowError \{/g)) {
    assert.equal(typeof errors[name], 'function', `errors.js exports ${name}`);
  }
});
