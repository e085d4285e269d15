// What the command line prints: each problem or warning with its flag, value, file and line (in
// text on standard error, or as JSON fields), the summary of a call (who was invited, who became
// a guest, what was invalid or skipped), and the dry run's request.
import { placeOf } from './lists.js';

// The flag behind each field and option of the request.
const FLAG_OF = {
  roomId: '--room',
  scenario: '--scenario',
  emails: '--emails',
  users: '--users',
  confId: '--conf-id',
  lang: '--lang',
  instantMessage: '--instant-message',
  noMail: '--no-mail',
  update: '--update',
  'options.baseUrl': '--host / RAINBOW_HOST',
  'options.token': '--token / RAINBOW_TOKEN',
  'options.timeoutMs': '--timeout',
  'options.maxRetries': '--max-retries',
  'options.allowInsecureHttp': '--allow-insecure-http',
};

// The library's words for its options, in the command line's: its messages name the option
// (`timeoutMs` must be…) and speak to programs (set allowInsecureHttp: true).
const OPTION_WORDS = [
  [/^`\w+` /, ''],
  [/set allowInsecureHttp: true/g, 'give --allow-insecure-http'],
  [/pass the token option instead/g, 'give the token with --token or RAINBOW_TOKEN'],
  [/or leave the option out/g, 'or leave it out'],
];
const inFlagWords = (message) => OPTION_WORDS.reduce((m, [re, words]) => m.replace(re, words), message);

/** The list item behind a validation path (`emails[3]`), if any. */
export function itemAt(path, sources) {
  const m = /^(emails|users)\[(\d+)\]$/.exec(path);
  return (m && sources[m[1]] && sources[m[1]][Number(m[2])]) || undefined;
}

/**
 * A validation issue, a list problem or a skipped item, with where it came from: `flag`, and for
 * a list item its `value`, and `file` and `line` when it came from a file. An issue of an option
 * (`options.timeoutMs`) gets its message in the command line's words (`--timeout: must be…`);
 * one of the server, the flag or variable that gave it and its value as given (`sources.host`).
 */
export function located(issue, sources) {
  const item = issue.path !== undefined && itemAt(issue.path, sources);
  if (item) {
    const { value, flag, file, line } = item;
    // A duplicate names the item it repeats by its place in the command line, not its index in
    // the list the client was given (`repeats emails[1]`).
    const message = typeof issue.message == 'string' ? issue.message.replace(/repeats (\w+\[\d+\])/, (all, at) => {
      const first = itemAt(at, sources);
      if (!first) return all;
      if (first.file === undefined) return `repeats "${first.value}", given earlier to ${first.flag}`;
      return first.file === file && first.line === line ? `repeats itself: ${placeOf(first)} is read twice (the file is given twice)` : `repeats ${placeOf(first)}`;
    }) : issue.message;
    return { ...issue, message, flag, value, ...(file !== undefined ? { file, line } : {}) };
  }
  const host = issue.path == 'options.baseUrl' ? sources.host : undefined;
  const flag = issue.flag ?? (issue.path == 'options.token' ? sources.tokenFlag : undefined) ?? host?.flag ?? FLAG_OF[issue.path];
  if (flag === undefined) return issue;
  const option = typeof issue.path == 'string' && issue.path.startsWith('options.') && typeof issue.message == 'string';
  const value = host ? { value: host.value } : {};
  return option ? { ...issue, flag, ...value, message: inFlagWords(issue.message) } : { ...issue, flag, ...value };
}

/** One located issue as text: `--emails "x@y" (guests.csv, line 5): message`. */
export function issueText(x) {
  const place = placeOf(x);
  const who = x.flag ?? (x.path == 'body' ? 'the request' : x.path);
  return `${who}${x.value !== undefined ? ` "${x.value}"` : ''}${place ? ` (${place})` : ''}: ${x.message}`;
}

/**
 * The report of a request that was not sent: text for standard error, or the JSON error (with
 * what --skip-invalid left out when it was given). `canSkip`: --skip-invalid would help.
 */
export function invalidReport(errors, warnings, { json, canSkip, skipped }) {
  if (json) {
    const n = errors.length;
    const message = `The request is invalid (${n} problem${n == 1 ? '' : 's'}); nothing was sent.`;
    const error = { name: 'RainbowValidationError', code: 'ERR_VALIDATION', message, errors, warnings };
    return `${JSON.stringify(skipped ? { error, skipped } : { error }, null, 2)}\n`;
  }
  const hint = canSkip ? "Fix them, or give --skip-invalid to leave out the rows and items that can't be used and send the rest.\n" : '';
  return `error: the request is invalid; nothing was sent.\n${errors.map((x) => `  ${issueText(x)}`).join('\n')}\n${hint}`;
}

/** A skipped row or item, as the summary names it: `guests.csv, line 4` or `--emails "x@y"`. */
const skippedName = (s) => placeOf(s) ?? `${s.flag} "${s.value}"`;

const list = (items) => items.join(', ');
const lower = (s) => String(s).toLowerCase();

/** Who was invited, who became a guest, what was invalid or skipped: from what was sent and what came back. */
export function summary(command, request, data, roomId, skipped) {
  const emails = request.emails || [];
  const users = request.users || [];
  const guestList = Array.isArray(data.guestEmails) ? data.guestEmails : [];
  const guests = new Set(guestList.map(lower));
  const invalid = [
    ...(Array.isArray(data.invalidUsers) ? data.invalidUsers : []),
    ...(Array.isArray(data.invalidEmails) ? data.invalidEmails : []),
  ];
  const bad = new Set(invalid.map(lower));
  const ok = (s) => !bad.has(lower(s));
  const out = [`${command == 'invite' ? 'Invitation' : 'Cancellation'} (${data.scenario ?? request.scenario ?? 'pstn-conference'}) for room ${roomId}: ${data.status ?? 'done'}`];
  const line = (label, items) => items.length && out.push(`  ${label} (${items.length}): ${list(items)}`);
  if (command == 'invite') {
    line('Invited Rainbow users', [...users.filter(ok), ...emails.filter((e) => ok(e) && !guests.has(lower(e)))]);
    line('New guests, e-mailed to create an account', emails.filter((e) => ok(e) && guests.has(lower(e))));
  } else if ((request.scenario ?? 'pstn-conference') == 'pstn-conference') {
    line('Told of the cancellation', [...users, ...emails].filter(ok));
    line('No longer guests', emails.filter((e) => ok(e) && !guests.has(lower(e))));
  } else {
    line('No longer guests', emails.filter((e) => ok(e) && !guests.has(lower(e))));
    line('Still guests', emails.filter((e) => ok(e) && guests.has(lower(e))));
  }
  line('Invalid', invalid);
  out.push(`  Room guests now (${guestList.length}): ${guestList.length ? list(guestList) : 'none'}`);
  if (skipped.length) out.push(skippedLine(skipped));
  return out.join('\n');
}

/** The summary's count of what --skip-invalid left out. */
const skippedLine = (skipped) => `  Skipped, not sent (${skipped.length}): ${skipped.map(skippedName).join('; ')}`;

/** The dry run: the method, URL and body, and that a token is given (never the token). */
export function dryRunReport({ url, token, request, warnings, skipped, json }) {
  if (json) {
    const report = { dryRun: true, method: 'POST', url, token: token ? 'given' : 'none', body: request, warnings };
    return `${JSON.stringify(skipped ? { ...report, skipped } : report, null, 2)}\n`;
  }
  const lines = [
    'Dry run: nothing was sent.',
    `POST ${url}`,
    `Authorization: ${token ? 'Bearer <token, not shown>' : '(no token)'}`,
    JSON.stringify(request, null, 2),
  ];
  if (skipped && skipped.length) lines.push(skippedLine(skipped).trim());
  return `${lines.join('\n')}\n`;
}
