// The demo page's flows in Chromium, against the mock Rainbow server, with the built package from
// pkg/ (or RRI_PKG_DIR): each operation and scenario, the server's errors, the busy state, the
// keyboard, a narrow window and another server with a token. Every final state is checked with
// axe-core and screenshotted at 1280 px and 375 px (tests/out/e2e/).
//
//   node --test tests/e2e/
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startMockServer, SEED } from '../../www/mock-server.mjs';
import { env, useDemo, open, visit, text, waitFor, waitText, waitNoText, sendButton, pressSend, sendAndWait, previewBody, problems, REPO } from './helpers.mjs';

const BOB = SEED.users[1];
let page;
let mock;

useDemo();

async function openPage(options) {
  page = await open(options);
  mock = env.mock;
  return page;
}

describe('demo page', () => {
  test('a bad e-mail shows an inline error at its line and Send sends nothing', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com\nnot an e-mail');
    await page.getByLabel('E-mail addresses').blur();
    await waitText('#emails-issues', 'Line 2');
    assert.equal(await page.locator('#emails').getAttribute('aria-invalid'), 'true');
    assert.match(await text('#emails-issues'), /not an e-mail/);
    assert.match(await text('#preview'), /Nothing will be sent/);
    await pressSend();
    await waitText('#validity', 'Not sent');
    // Give a wrongly sent request every chance to arrive.
    await page.waitForTimeout(300);
    assert.equal(mock.requests.length, 0);
    assert.match(await text('#result'), /Nothing sent yet/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'emails', 'focus goes to the field to fix');
    await visit('flow-1-bad-email');
    assert.deepEqual(problems(), []);
  });

  test('a half-typed address waits until the field is left; a fix shows at once', async () => {
    await openPage();
    const emails = page.getByLabel('E-mail addresses');
    await emails.fill('ada@exam');
    await waitText('#validity', 'Fill in E-mail addresses');
    assert.equal(await text('#emails-issues'), '', 'no error while typing');
    assert.equal(await page.locator('#emails').getAttribute('aria-invalid'), null);
    await emails.blur();
    await waitText('#emails-issues', 'Line 1');
    assert.equal(await page.locator('#emails').getAttribute('aria-invalid'), 'true');
    // Back in a field that shows a problem, the check is live: the fix clears it without leaving.
    await emails.fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    assert.equal(await text('#emails-issues'), '');
    await emails.fill('ada@example.com\nnot an e-mail');
    await waitText('#emails-issues', 'Line 2');
    // Another field being typed in waits again; Enter (Send) shows its problems at once.
    const room = page.getByLabel('Room id');
    await room.fill('56f42c19');
    await page.waitForTimeout(100);
    assert.equal(await text('#roomId-issues'), '');
    await room.press('Enter');
    await waitText('#roomId-issues', 'A room id is 24 characters');
    assert.equal(mock.requests.length, 0);
    assert.deepEqual(problems(), []);
  });

  test('a chat invite shows success and the new guest in the room\'s list', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com, grace@example.com');
    await waitText('#validity', 'Ready to send');
    const preview = await text('#preview');
    assert.match(preview, new RegExp(`^POST ${mock.url}/api/rainbow/enduser/v1\\.0/rooms/${SEED.roomId}/invitations$`, 'm'));
    assert.doesNotMatch(preview, /Authorization/);
    await sendAndWait();
    await waitText('#result', 'Invitations successfully sent');
    assert.equal(await page.locator('#result').getAttribute('data-outcome'), 'success');
    await waitText('#guest-list', 'grace@example.com');
    const guests = await page.locator('#guest-list li').allInnerTexts();
    assert.deepEqual(guests, ['guest1@mycompany.com', 'guest2@mycompany', 'ada@example.com', 'grace@example.com']);
    // What was sent is exactly what the preview showed.
    assert.equal(mock.requests.length, 1);
    assert.deepEqual(mock.requests[0].json, previewBody(preview));
    assert.deepEqual(mock.requests[0].json, { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'], lang: 'en' });
    assert.equal(mock.requests[0].headers['content-type'], 'application/json');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('result-title')), true, 'focus moves to the result');
    await visit('flow-2-chat-invite');
    assert.deepEqual(problems(), []);
  });

  test('a pstn invite shows the mails in the outbox', async () => {
    await openPage();
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    assert.ok(await page.getByLabel('Rainbow user ids').isVisible(), 'pstn shows the user ids');
    assert.ok(await page.getByLabel('Send no e-mail').isVisible());
    await page.getByLabel('Rainbow user ids').fill(BOB.id);
    await page.getByLabel('E-mail addresses').fill('new.guest@example.org');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    await waitText('#result', 'Invitations successfully sent');
    const rows = await page.locator('#outbox tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    // Newest first: the guest's mail, Bob's XMPP event, Bob's mail.
    assert.deepEqual(rows.map((r) => r.slice(1)), [
      ['e-mail', 'new.guest@example.org', 'pstn-conference-guest-invitation', 'en'],
      ['XMPP', BOB.name, 'conference-invitation', 'fr'],
      ['e-mail', BOB.email, 'pstn-conference-invitation', 'fr'],
    ]);
    assert.equal(await page.locator('#outbox tbody tr.new').count(), 3, 'the new entries are highlighted');
    assert.deepEqual(rows.map((r) => r[0].endsWith(' new')), [true, true, true], 'and said to be new in words');
    await waitText('#guest-list', 'new.guest@example.org');
    assert.deepEqual(mock.requests[0].json, { scenario: 'pstn-conference', users: [BOB.id], emails: ['new.guest@example.org'], lang: 'en' });
    await visit('flow-3-pstn-invite');
    assert.deepEqual(problems(), []);
  });

  test('cancelling a guest removes it from the room\'s list', async () => {
    await openPage();
    assert.ok((await page.locator('#guest-list li').allInnerTexts()).includes('guest2@mycompany'));
    await page.getByRole('radio', { name: 'Cancel an invitation' }).check();
    await page.getByLabel('Scenario').selectOption('chat');
    assert.equal(await page.getByLabel('Rainbow user ids').isVisible(), false, 'cancelling a chat invitation takes e-mails only');
    assert.equal(await page.getByLabel(/Language/).isVisible(), false);
    await page.getByLabel('E-mail addresses').fill('guest2@mycompany');
    await waitText('#validity', 'Ready to send');
    assert.match(await text('#preview'), /\/invitations\/cancel$/m);
    await sendAndWait();
    await waitText('#result', 'Cancellation successfully sent');
    await waitNoText('#guest-list', 'guest2@mycompany');
    assert.deepEqual(await page.locator('#guest-list li').allInnerTexts(), ['guest1@mycompany.com']);
    assert.deepEqual(mock.state.rooms[0].guestEmails, ['guest1@mycompany.com']);
    assert.deepEqual(mock.requests[0].json, { scenario: 'chat', emails: ['guest2@mycompany'] });
    await visit('flow-4-cancel-guest');
    assert.deepEqual(problems(), []);
  });

  test('an unknown room shows the 404 in words', async () => {
    await openPage();
    await page.getByLabel('Room id').fill(SEED.unknownRoomId);
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    await sendButton().click();
    await page.waitForSelector('#result[data-outcome="error"]');
    const result = await text('#result');
    assert.match(result, /Room not found/);
    assert.match(result, /404 Not Found/);
    assert.ok(result.includes(`Room with id ${SEED.unknownRoomId} does not exist`));
    assert.match(result, /RainbowApiError/);
    assert.match(result, /404001/);
    assert.ok(result.includes(mock.requests[0].requestId), 'the request id is shown');
    assert.match(await text('#mock-room'), /no room with the id/);
    await visit('flow-5-unknown-room');
    // The browser logs a failed resource load for the 404 itself; nothing else may go wrong.
    assert.deepEqual(problems(404), []);
  });

  test('a 400 whose details are an object quotes their message, and the advice says where the reason is', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    mock.script({ status: 400, body: { errorCode: 400, errorMsg: 'Bad Request', errorDetails: { errorMsg: 'lang is not supported', param: 'lang' } } });
    await sendButton().click();
    await page.waitForSelector('#result[data-outcome="error"]');
    assert.match(await text('#result'), /The server answered 400 Bad Request: “lang is not supported”\./);
    mock.script({ status: 400, body: { errorCode: 400, errorMsg: 'Bad Request', errorDetails: { param: 'lang' } } });
    await sendButton().click();
    await waitText('#result', 'under “Rainbow details” below');
    assert.doesNotMatch(await text('#result'), /quoted above/);
    assert.deepEqual(problems(400), []);
  });

  test('“Reset the mock” while the demo server is down says so, and throws nothing', async () => {
    await openPage();
    await page.route('**/mock/reset', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Reset the mock' }).click();
    await waitText('#mock-status', 'Could not reset the mock');
    assert.deepEqual(env.problems.filter((p) => p.startsWith('pageerror')), []);
  });

  test('a room the caller is not a member of shows the 403 in words', async () => {
    await openPage();
    await page.getByLabel('Room id').fill(SEED.forbiddenRoomId);
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    await sendButton().click();
    await page.waitForSelector('#result[data-outcome="error"]');
    const result = await text('#result');
    assert.match(result, /Access denied/);
    assert.match(result, /403 Forbidden/);
    assert.match(result, /only send invitations for a room you are a member of/);
    assert.match(result, /403000/);
    assert.deepEqual(mock.state.rooms.find((r) => r.id === SEED.forbiddenRoomId).guestEmails, []);
    assert.deepEqual(problems(403), []);
  });

  test('a room without a conference, no conference id given: the 404 says to pick a room with one', async () => {
    await openPage();
    await page.getByLabel('Room id').fill(SEED.noConferenceRoomId);
    await page.getByLabel('Scenario').selectOption('video-conference');
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    await sendButton().click();
    await page.waitForSelector('#result[data-outcome="error"]');
    const result = await text('#result');
    assert.match(result, /This room has no conference: pick a room with one/);
    assert.doesNotMatch(result, /leave the conference id empty/, 'it was empty already');
    assert.deepEqual(problems(404), []);
  });

  test('for screen readers: Send is described by its status line, rewritten only when it changes; focus to "Stop waiting" while busy; the Result is not read out as a live region', async () => {
    await openPage();
    assert.equal(await page.locator('#send').getAttribute('aria-describedby'), 'validity');
    assert.equal(await page.locator('#result').getAttribute('aria-live'), null, 'focus moves to its heading instead');
    // The outline: the form and the mock's directory have headings of their own.
    assert.equal(await page.getByRole('heading', { level: 2, name: 'The request' }).count(), 1);
    assert.equal(await page.getByRole('heading', { level: 3, name: 'The mock’s rooms and users', includeHidden: true }).count(), 1);
    await page.evaluate(() => {
      window.rewrites = 0;
      new MutationObserver(() => window.rewrites++).observe(document.getElementById('validity'), { childList: true, characterData: true, subtree: true });
    });
    await page.getByLabel('E-mail addresses').pressSequentially('ada@example.com');
    await waitText('#validity', 'Ready to send');
    const rewrites = await page.evaluate(() => window.rewrites);
    assert.ok(rewrites <= 4, `15 keystrokes rewrote the status ${rewrites} times`);
    mock.script({ status: 200, delayMs: 1500, body: { data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] } } });
    await sendButton().click();
    await waitFor(() => document.activeElement && document.activeElement.id === 'stop');
    await page.waitForSelector('#result[data-outcome]');
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('result-title')), 'then to the result');
    assert.deepEqual(problems(), []);
  });

  test('a room picked in the mock\'s directory is put in the form, as if typed', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('ada@example.com');
    await waitText('#validity', 'Ready to send');
    await page.getByText('Rooms and users of the mock').click();
    await page.getByRole('button', { name: 'Use “Design chat (no conference)”' }).click();
    await waitText('#mock-room', 'Design chat (no conference)');
    assert.equal(await page.locator('#roomId').inputValue(), SEED.noConferenceRoomId);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'roomId', 'the focus is on the room id');
    assert.match(await text('#preview'), new RegExp(`/rooms/${SEED.noConferenceRoomId}/invitations$`, 'm'));
    assert.equal(mock.requests.length, 0, 'picking a room sends nothing');
    assert.deepEqual(problems(), []);
  });

  test('problems in the options and other fields are shown at their field and block sending', async () => {
    await openPage();
    await page.getByLabel('Timeout (milliseconds)').fill('soon');
    await page.getByLabel('Room id').fill('56f42c19');
    await page.getByLabel('E-mail addresses').fill('ada@example.com\nada@example.com');
    await waitText('#timeoutMs-issues', 'whole number of milliseconds');
    await waitText('#roomId-issues', 'this one has 8 characters');
    assert.match(await text('#emails-issues'), /Line 2/, 'the duplicate is a note at its line');
    assert.equal(await page.locator('#emails-issues .warning').count(), 1);
    assert.equal(await page.locator('#emails').getAttribute('aria-invalid'), null, 'a note does not mark the field invalid');
    assert.equal(await page.locator('#timeoutMs').getAttribute('aria-invalid'), 'true');
    assert.match(await text('#validity'), /2 problems/);
    await pressSend();
    await waitText('#validity', 'Not sent');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'timeoutMs', 'focus goes to the first field to fix');
    await page.getByLabel('Timeout (milliseconds)').fill('5000');
    await page.getByLabel('Room id').fill(SEED.roomId);
    await waitText('#validity', 'Ready to send');
    assert.match(await text('#validity'), /1 note/);
    await sendAndWait();
    assert.equal(mock.requests.length, 1);
    assert.deepEqual(mock.requests[0].json.emails, ['ada@example.com'], 'the duplicate is sent once');
    assert.deepEqual(problems(), []);
  });

  test('a slow answer shows the busy state, and Stop waiting stops', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').fill('slow@example.com');
    await waitText('#validity', 'Ready to send');
    mock.script({ status: 200, body: { data: { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: [], invalidUsers: [] } }, delayMs: 5000 });
    await sendButton().click();
    const busy = page.locator('#send');
    await waitFor(() => document.getElementById('send').disabled);
    assert.equal(await busy.innerText(), 'Sending…');
    assert.equal(await page.locator('#request-form').getAttribute('aria-busy'), 'true');
    await page.getByRole('button', { name: 'Stop waiting' }).click();
    await page.waitForSelector('#result[data-outcome="error"]');
    assert.match(await text('#result'), /Stopped/);
    assert.match(await text('#result'), /RainbowAbortError/);
    assert.equal(await busy.isDisabled(), false);
    assert.equal(await page.getByRole('button', { name: 'Stop waiting' }).isVisible(), false);
    assert.deepEqual(problems(), []);
  });

  test('usable with the keyboard alone', async () => {
    await openPage();
    await page.getByLabel('E-mail addresses').focus();
    await page.keyboard.type('keys@example.com');
    await page.keyboard.press('Tab'); // language
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lang');
    await page.keyboard.press('Tab'); // Send
    assert.equal(await page.evaluate(() => document.activeElement.id), 'send');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result[data-outcome="success"]');
    await waitText('#guest-list', 'keys@example.com');
    assert.deepEqual(problems(), []);
  });

  test('at 375 px wide nothing overflows sideways', async () => {
    await openPage({ width: 375, height: 800 });
    await page.getByLabel('Scenario').selectOption('pstn-conference');
    await page.getByLabel('Rainbow user ids').fill(BOB.id);
    await page.getByLabel('E-mail addresses').fill('a.rather.long.address.for.a.guest@example.org');
    await waitText('#validity', 'Ready to send');
    await sendAndWait();
    await waitText('#result', 'Invitations successfully sent');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `page is ${widths.scroll} px wide in a ${widths.client} px window`);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((n) => n.getClientRects().length && n.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((n) => n.tagName + (n.id ? `#${n.id}` : '')));
    assert.deepEqual(wide, []);
    await visit('flow-6-narrow');
    assert.deepEqual(problems(), []);
  });

  test('without a built package the page says so and sends nothing', async () => {
    const empty = fs.mkdtempSync(path.join(REPO, 'tests/out/e2e/empty-pkg-'));
    const bare = await startMockServer({ port: 0, pkgDir: empty });
    try {
      env.context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await env.context.newPage();
      env.page = page;
      await page.goto(`${bare.url}/`);
      await waitText('#load-status', 'Could not load the package');
      assert.match(await text('#load-status'), /make build/);
      assert.equal(await sendButton().isDisabled(), true);
      await page.getByLabel('E-mail addresses').fill('ada@example.com');
      await sendButton().click({ force: true });
      await page.waitForTimeout(200);
      assert.equal(bare.requests.length, 0);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('another server with a token: the token is sent but never shown', async () => {
    const TOKEN = 'e2e-token-that-must-stay-hidden';
    const secured = await startMockServer({ port: 0, token: TOKEN });
    try {
      await openPage({ guard: false });
      await page.getByRole('radio', { name: 'Another server' }).check();
      assert.equal(await page.locator('#mock-panel').isVisible(), false);
      await page.getByLabel('Base URL').fill(secured.url);
      await page.getByLabel('Token (JWT)').fill(TOKEN);
      await page.getByLabel('Token (JWT)').press('Enter');
      await waitText('#token-state', 'A token is set');
      assert.equal(await page.getByLabel('Token (JWT)').inputValue(), '', 'the box is cleared');
      await page.getByLabel('E-mail addresses').fill('remote@example.com');
      await waitText('#validity', 'Ready to send');
      const preview = await text('#preview');
      assert.match(preview, /^Authorization: Bearer •+$/m);
      const names = preview.split('\n\n')[0].split('\n').slice(1).map((line) => line.split(':')[0]);
      assert.deepEqual(names, ['Content-Type', 'Accept', 'Authorization', 'x-rainbow-correlation-id'], 'in the order the package sets them');
      assert.ok(preview.includes(`POST ${secured.url}/api/rainbow/enduser/v1.0/rooms/${SEED.roomId}/invitations`));
      await sendButton().click();
      await page.waitForSelector('#result[data-outcome]');
      assert.match(await text('#result'), /Invitations successfully sent/);
      assert.equal(secured.requests.length, 1);
      assert.equal(secured.requests[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.ok(secured.preflights.length >= 1, 'the cross-origin call was preflighted');
      assert.equal(mock.requests.length, 0, 'nothing went to the page\'s own mock');
      const html = await page.content();
      const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((i) => i.value).join('\n'));
      assert.ok(!html.includes(TOKEN) && !values.includes(TOKEN), 'the token is nowhere in the page');
      await visit('flow-7-custom-server-token');

      // A success that echoes the token: the page hides it there too.
      secured.script({ status: 200, body: { data: { scenario: 'chat', status: `Invitations sent for ${TOKEN}`, guestEmails: [`${TOKEN.slice(0, 12)}@example.com`], invalidUsers: [] } } });
      await sendButton().click();
      await waitText('#result', 'Invitations sent for [token]');
      await page.locator('#result details summary').first().click();
      assert.ok(!(await page.content()).includes(TOKEN.slice(0, 8)), 'the echoed token is nowhere in the page');

      // Forgotten while a call that echoes it is under way: the answer is hidden with the token the
      // call sent, not the one set (none) when it came.
      secured.script({ status: 200, delayMs: 1500, body: { data: { scenario: 'chat', status: `Sent while forgotten ${TOKEN}`, guestEmails: [], invalidUsers: [] } } });
      await sendButton().click();
      await page.getByRole('button', { name: 'Forget token' }).click();
      await waitText('#result', 'Sent while forgotten [token]');
      assert.ok(!(await page.content()).includes(TOKEN.slice(0, 8)), 'the echoed token is nowhere in the page');

      // Once forgotten, the server refuses, and the page says why in words.
      assert.doesNotMatch(await text('#preview'), /Authorization/);
      await sendButton().click();
      await waitText('#result', 'Not authorised');
      assert.match(await text('#result'), /401/);
    } finally {
      await secured.close();
    }
    assert.deepEqual(problems(401), []);
  });
});
