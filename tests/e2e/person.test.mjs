// The demo page as a person uses it (issue 19): one test for each thing a person stumbled on,
// each state checked with axe-core and screenshotted at 1280 px and 375 px (tests/out/e2e/).
//
//   node --test tests/e2e/person.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { SEED } from '../../www/mock-server.mjs';
import { env, useDemo, open, visit, text, waitFor, waitText, sendButton, pressSend, sendAndWait, previewBody, problems } from './helpers.mjs';

const BOB = SEED.users[1];
let page;

useDemo();

async function openPage(options) {
  page = await open(options);
  return page;
}

const issuesText = () => page.locator('#request-form .issues').allInnerTexts().then((t) => t.join('\n'));
const isInvalid = (id) => page.locator(`#${id}`).getAttribute('aria-invalid');
const previewHeader = (preview, name) => new RegExp(`^${name}: (.+)$`, 'mi').exec(preview)?.[1];

/** WCAG's contrast ratio of two CSS rgb() colours. */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The focus ring of the focused element, or of the element `selector` that draws it. */
const ringOf = (selector) => page.evaluate((s) => {
  const node = s ? document.activeElement.closest(s) : document.activeElement;
  const cs = getComputedStyle(node);
  let bg = 'rgb(255, 255, 255)';
  for (let p = node.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
  }
  return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, around: bg };
}, selector);

describe('the demo page, used by a person (issue 19)', () => {
  test('1. a cancel result labels each address by what the answer says, not "Rainbow user"', async () => {
    await openPage();
    await page.getByRole('radio', { name: 'Cancel an invitation' }).check();
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    await page.getByLabel('Rainbow user ids').fill(BOB.id);
    await page.getByLabel('E-mail addresses').fill('nobody@nowhere.example\nguest1@mycompany.com');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    const people = await page.locator('#result .attendees li').allInnerTexts();
    assert.deepEqual(people, [
      `${BOB.name} <${BOB.email}>: Rainbow user`,
      'nobody@nowhere.example: neither a Rainbow user nor a guest of the room',
      'guest1@mycompany.com: guest of the room, removed from the guests',
    ]);
    await visit('item1-cancel-labels');
    assert.deepEqual(problems(), []);
  });

  test('2. a chat cancellation that removed no one says so', async () => {
    await openPage();
    await page.getByRole('radio', { name: 'Cancel an invitation' }).check();
    await page.getByLabel('E-mail addresses').fill('never.a.guest@example.com');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    assert.equal(await page.locator('#result').getAttribute('data-outcome'), 'no-effect');
    assert.equal(await page.locator('#result h3').innerText(), 'No one was removed');
    const result = await text('#result');
    assert.match(result, /No one was removed from the room’s guests/);
    assert.match(result, /Not guests of the room, so not removed \(1\):\s+never\.a\.guest@example\.com/);
    assert.match(result, /The server answered “Cancellation successfully sent”/, 'what the server said is still told');
    assert.deepEqual(await page.locator('#guest-list li').allInnerTexts(), SEED.guestEmails);
    await visit('item2-removed-no-one');

    // A cancellation that removes someone is a success, as before.
    await page.getByLabel('E-mail addresses').fill('guest2@mycompany');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    assert.equal(await page.locator('#result').getAttribute('data-outcome'), 'success');
    assert.match(await text('#result'), /Removed from the room’s guests \(1\):\s+guest2@mycompany/);
    assert.deepEqual(problems(), []);
  });

  test('3a. "What will be sent" shows every header the package sends, correlation id included', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    const preview = await text('#preview');
    const id = previewHeader(preview, 'x-rainbow-correlation-id');
    assert.match(id ?? '', /^[0-9a-f-]{32,36}$/);
    await sendAndWait();
    const sent = env.mock.requests[0].headers;
    assert.equal(sent['x-rainbow-correlation-id'], id, 'the id shown is the id sent');
    for (const name of ['content-type', 'accept', 'x-rainbow-correlation-id']) {
      assert.equal(previewHeader(preview, name), sent[name], `${name} as shown`);
    }
    // Each request gets its own id: the preview now shows the next one.
    const next = previewHeader(await text('#preview'), 'x-rainbow-correlation-id');
    assert.ok(next && next !== id, 'a fresh correlation id for the next request');
    assert.deepEqual(problems(), []);
  });

  test('3b. a request refused by CORS names the headers the other server must allow', async () => {
    // A server that answers the pre-check but allows only Content-Type, as a server unaware of
    // the correlation id would: the browser then refuses to send the POST at all.
    const seen = [];
    const strict = http.createServer((req, res) => {
      seen.push(req.method);
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
        'access-control-allow-origin': req.headers.origin || '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'content-type': 'application/json',
      });
      res.end(req.method === 'OPTIONS' ? undefined : '{"data":{}}');
    });
    await new Promise((r) => strict.listen(0, '127.0.0.1', r));
    try {
      await openPage({ guard: false });
      await page.getByRole('radio', { name: 'Another server' }).check();
      await page.getByLabel('Base URL').fill(`http://127.0.0.1:${strict.address().port}`);
      await page.getByLabel('E-mail addresses').fill('ada@example.com');
      await waitText('#validity', 'Ready to send');
      await sendButton().click();
      await page.waitForSelector('#result[data-outcome="error"]');
      const result = await text('#result');
      assert.match(result, /Could not reach the server/);
      assert.match(result, /CORS/);
      assert.ok(result.includes(`Access-Control-Allow-Origin: ${env.mock.url}`), result);
      assert.match(result, /Access-Control-Allow-Headers: content-type, x-rainbow-correlation-id$/m);
      assert.deepEqual(seen, ['OPTIONS'], 'only the pre-check reached the server');
      await visit('item3-cors-hint');
    } finally {
      await new Promise((r) => strict.close(r));
    }
    assert.deepEqual(problems().filter((p) => !/CORS|Failed to fetch|ERR_FAILED/.test(p)), []);
  });

  test('4a. while a request is in flight, no earlier result and no "Ready to send" is on show', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('first@example.com');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    await waitText('#result', 'Invitations successfully sent');
    await page.getByLabel('E-mail addresses').fill('second@example.com');
    await waitText('#validity', 'Ready to send');
    env.mock.script({ delayMs: 30_000 });
    await sendButton().click();
    await waitFor(() => document.getElementById('send').disabled);
    assert.equal(await page.locator('#result').getAttribute('data-outcome'), null);
    assert.match(await text('#result'), /^Sending to http:\/\/127\.0\.0\.1:\d+… waiting for the answer\.$/);
    assert.match(await text('#validity'), /^Sending…/);
    assert.doesNotMatch(await text('#validity'), /Ready to send/);
    await visit('item4-in-flight');
    await page.getByRole('button', { name: 'Stop waiting' }).click();
    await page.waitForSelector('#result[data-outcome="error"]');
    assert.deepEqual(problems(), []);
  });

  test('4b. after "Reset the mock", the earlier result is marked out of date', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    assert.match(await text('#result .result-guests'), /ada@example\.com/);
    assert.match(await text('#validity'), /^Sent: see the Result/, 'not "Ready to send" right after sending it');
    await page.getByRole('button', { name: 'Reset the mock' }).click();
    await waitFor(() => document.getElementById('result').dataset.stale === 'true');
    assert.match(await text('#result'), /^Out of date: the mock was reset/);
    assert.doesNotMatch(await text('#guest-list'), /ada@example\.com/);
    assert.match(await text('#mock-status'), /The mock is back to its first state/);
    await visit('item4-reset-stale');
    assert.deepEqual(problems(), []);
  });

  test('5. "required" problems wait until the field is touched or Send is pressed', async () => {
    await openPage();
    assert.equal(await page.locator('#request-form .issue.error').count(), 0, 'nothing red on first load');
    assert.equal(await isInvalid('emails'), null);
    assert.equal(await text('#validity'), 'Fill in E-mail addresses to send.');
    await visit('item5-first-load');

    // Leaving the box empty counts as touching it.
    await page.getByLabel('E-mail addresses').focus();
    await page.keyboard.press('Tab');
    await waitText('#emails-issues', 'Enter at least one e-mail address.');
    assert.equal(await isInvalid('emails'), 'true');

    // On a fresh page, pressing Send shows every problem and puts the focus on the first.
    await env.context.close();
    await openPage();
    await page.getByRole('radio', { name: 'Another server' }).check();
    assert.equal(await page.locator('#baseUrl-issues li').count(), 0, 'no address asked for before any typing');
    await pressSend();
    await waitText('#validity', 'Not sent: 2 problems');
    assert.match(await text('#baseUrl-issues'), /Enter the server’s address/);
    assert.match(await text('#emails-issues'), /Enter at least one e-mail address/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'baseUrl');
    assert.equal(env.mock.requests.length, 0);
    await visit('item5-after-send');
    assert.deepEqual(problems(), []);
  });

  test('6. problems are told in the form\'s words: labels, lines that agree, no quoted length that is right', async () => {
    await openPage();
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    // An address typed among the user ids, 24 characters long like an id.
    await page.getByLabel('Rainbow user ids').fill('alice.martin@mycompany.c\nabc');
    await page.getByLabel('E-mail addresses').fill('ada@example.com\nx@example.com, x@example.com\nADA@example.com\nno-at-sign\na@b.123');
    await page.getByLabel('Timeout (milliseconds)').fill('soon');
    await page.getByLabel('Room id').fill('56f42c1914e2a8a91b99e59z');
    await page.getByLabel('Room id').blur();
    await waitText('#users-issues', 'Line 2');
    assert.deepEqual(await page.locator('#users-issues li').allInnerTexts(), [
      'ERROR Line 1: “alice.martin@mycompany.c” is an e-mail address: put it under E-mail addresses.',
      'ERROR Line 2: “abc” is not a Rainbow user id. A user id is 24 characters, digits 0–9 and letters a–f: this one has 3 characters.',
    ]);
    assert.deepEqual(await page.locator('#emails-issues li').allInnerTexts(), [
      'ERROR Line 4: “no-at-sign” is not an e-mail address: it has no @.',
      // The package's own reason, so that the page and the package never disagree.
      'ERROR Line 5: “a@b.123” is not an e-mail address: the domain ends with a number.',
      'NOTE Line 2: “x@example.com” is already on this line; it is sent once.',
      'NOTE Line 3: “ADA@example.com” repeats line 1; it is sent once.',
    ]);
    assert.equal(await text('#roomId-issues'), 'ERROR A room id is 24 characters, digits 0–9 and letters a–f: “z” is not one of them.');
    assert.equal(await text('#timeoutMs-issues'), 'ERROR Enter a whole number of milliseconds, from 1 to 2,147,483,647: 30000 is 30 seconds.');
    const all = await issuesText();
    assert.doesNotMatch(all, /\b(users|emails|timeoutMs|roomId)\b|\[\d+\]|`|\(24 characters\)/, 'no programmers\' words');
    // The package's own messages stay as they are, for programmers.
    const raw = await page.evaluate(async () => {
      const m = await import('/pkg/browser.js');
      return m.validateJoinInvitation('56f42c1914e2a8a91b99e595', { scenario: 'chat', emails: ['a@b.co'] }, { timeoutMs: 'soon' }).errors[0];
    });
    assert.equal(raw.path, 'options.timeoutMs');
    assert.match(raw.message, /`timeoutMs` must be a number/);
    await visit('item6-form-words');
    assert.deepEqual(problems(), []);
  });

  test('7. switching scenario names the filled fields it will not send', async () => {
    await openPage();
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    await page.getByLabel('Rainbow user ids').fill(BOB.id);
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await page.getByLabel('Conference id').fill(SEED.confId);
    await page.getByLabel('Message for an instant meeting').fill('Join now');
    await page.getByLabel('Send no e-mail').check();
    await waitText('#validity', 'Ready to send');
    assert.equal(await page.locator('#scenario-issues li').count(), 0);
    await page.getByLabel('Scenario').selectOption('chat');
    await waitText('#scenario-issues', 'Not sent');
    assert.equal(await text('#scenario-issues'),
      'NOTE Not sent: Rainbow user ids, Conference id, Message for an instant meeting, Send no e-mail. '
      + 'An invitation of the Chat scenario doesn’t use them; they stay filled in for when you switch back.');
    assert.match(await text('#validity'), /Ready to send\. 1 note below\./);
    assert.deepEqual(previewBody(await text('#preview')), { scenario: 'chat', emails: ['ada@example.com'], lang: 'en' });
    await visit('item7-unsent-fields');
    await page.getByRole('radio', { name: 'Cancel an invitation' }).check();
    await waitText('#scenario-issues', 'Cancelling a Chat invitation doesn’t use them');
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    await waitFor(() => document.getElementById('scenario-issues').textContent.includes('Message for an instant meeting; Cancelling') === false
      && /Not sent: Message for an instant meeting\./.test(document.getElementById('scenario-issues').textContent));
    await page.getByRole('radio', { name: 'Invite' }).check();
    await waitFor(() => document.querySelectorAll('#scenario-issues li').length === 0);
    assert.deepEqual(previewBody(await text('#preview')).users, [BOB.id], 'switching back sends them again');
    assert.deepEqual(problems(), []);
  });

  test('8. 2,000 addresses: the preview, the result and the outbox show counts and the first entries', async () => {
    await openPage();
    // A box is a tab stop only while it scrolls.
    const stop = (selector) => page.locator(selector).getAttribute('tabindex');
    assert.equal(await stop('#preview'), null, 'the short preview is no tab stop');
    assert.equal(await stop('#outbox-wrap'), null, 'nor the empty outbox');
    // Problems too: the first 10 under the box, then a count.
    await page.getByLabel('E-mail addresses').fill(Array.from({ length: 15 }, (_, i) => `bad ${i}`).join('\n'));
    await page.getByLabel('E-mail addresses').blur();
    await waitText('#emails-issues', 'more in this box');
    assert.equal(await page.locator('#emails-issues li').count(), 11);
    assert.equal(await page.locator('#emails-issues li').last().innerText(), '… and 5 more in this box.');
    const emails = Array.from({ length: 2000 }, (_, i) => `person${i}@example.com`);
    await page.getByLabel('E-mail addresses').fill(emails.join('\n'));
    await waitText('#validity', 'Ready to send');
    const preview = await text('#preview');
    assert.match(preview, /… 1,990 more, 2,000 in all/);
    assert.ok(!preview.includes('person1999@'), 'only the first entries');
    assert.match(await text('#preview-more'), /The first 10 of 2,000 e-mail addresses\. Show all 2,000/);
    const box = () => page.locator('#preview').evaluate((n) => n.getBoundingClientRect().height);
    assert.ok(await box() < 500, 'the preview stays short');
    await page.locator('#preview-more').getByRole('button', { name: 'Show all 2,000' }).click();
    assert.ok((await text('#preview')).includes('person1999@example.com'), 'the rest on demand');
    assert.ok(await box() < 500, 'in a box that scrolls');
    assert.equal(await stop('#preview'), '0', 'which the keyboard can reach');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show the first 10 only', 'the focus stays on the toggle');

    await sendAndWait();
    await waitText('#result', 'Invitations successfully sent');
    assert.equal(env.mock.requests[0].json.emails.length, 2000, 'all are sent');
    assert.match(await text('#result'), /Guests of the room now \(2,002\):/);
    assert.equal(await page.locator('#result .result-guests li').count(), 10);
    assert.equal(await page.locator('#result .attendees li').count(), 10);
    assert.match(await text('#result'), /The first 10 of 2,002 guests\. Show all 2,002/);
    assert.equal(await page.locator('#outbox tbody tr').count(), 10);
    assert.equal(await text('#outbox-count'), '(2,000)');
    assert.match(await text('#outbox-more'), /The first 10 of 2,000 entries\./);
    assert.equal(await page.locator('#guest-list li').count(), 10);
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(await height() < 5000, `the page is ${await height()} px tall`);
    await visit('item8-long-lists');

    await page.locator('#outbox-more').getByRole('button', { name: 'Show all 2,000' }).click();
    assert.equal(await page.locator('#outbox tbody tr').count(), 2000);
    assert.equal(await stop('#outbox-wrap'), '0', 'the open outbox scrolls and is a tab stop');
    assert.ok(await height() < 5000, `with the whole outbox, the page is ${await height()} px tall`);
    await visit('item8-outbox-open');
    assert.deepEqual(problems(), []);
  });

  test('9. focus rings of 3:1 round the whole choice, a labelled preview region, a Send button that shows its state', async () => {
    await openPage();
    // The focus ring of a radio button goes round its label, by keyboard.
    await page.getByRole('radio', { name: 'Built-in mock' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.value), 'custom');
    const choice = await ringOf('.choice');
    assert.equal(choice.style, 'solid');
    assert.ok(choice.width >= 2, `ring ${choice.width} px`);
    assert.ok(contrast(choice.color, choice.around) >= 3, `ring ${choice.color} on ${choice.around}`);
    assert.equal((await ringOf()).style, 'none', 'no ring round the dot alone');
    await visit('item9-radio-focus');
    await page.keyboard.press('ArrowLeft');

    // The ring of a text box, reached by the keyboard.
    await page.getByLabel('Room id').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'emails');
    const box = await ringOf();
    assert.ok(box.style === 'solid' && box.width >= 2 && contrast(box.color, box.around) >= 3, JSON.stringify(box));

    // The preview is a region named by its heading, not a <pre> with a bare aria-label.
    const region = page.getByRole('region', { name: 'What will be sent' });
    assert.equal(await region.getAttribute('id'), 'preview');
    assert.equal(await region.getAttribute('aria-label'), null);

    // Send looks different when the form can't be sent.
    const look = () => page.locator('#send').evaluate((b) => ({ aria: b.getAttribute('aria-disabled'), bg: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color, border: getComputedStyle(b).borderStyle }));
    const blocked = await look();
    assert.equal(blocked.aria, 'true');
    assert.equal(blocked.border, 'dashed');
    assert.ok(contrast(blocked.color, blocked.bg) >= 4.5);
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    const ready = await look();
    assert.equal(ready.aria, 'false');
    assert.equal(ready.bg, 'rgb(0, 103, 166)');
    assert.notEqual(ready.bg, blocked.bg);
    assert.equal(ready.border, 'solid');
    await visit('item9-send-ready');
    assert.deepEqual(problems(), []);
  });
});
