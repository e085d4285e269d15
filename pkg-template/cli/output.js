// What the command line prints: each problem or warning with its flag, value, file and line (in
// text on standard error, or as JSON fields), the summary of a call (who was invited, who became
// a guest, what was invalid or skipped), and the dry run's request.
import { placeOf } from './lists.js';

// The flag behind each name the library's messages give a field or an option.
const NAMED = {
  roomId: '--room',
  scenario: '--scenario',
  emails: '--emails',
  users: '--users',
  confId: '--conf-id',
  lang: '--lang',
  instantMessage: '--instant-message',
  noMail: '--no-mail',
  update: '--update',
  baseUrl: '--host',
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
  allowInsecureHttp: '--allow-insecure-http',
};
const flagOf = (name) => NAMED[name] ?? name;

// The flag behind the path of an issue: a field's (`confId`) or an option's (`options.timeoutMs`).
const PATH_FLAGS = { 'options.baseUrl': '--host / RAINBOW_HOST', 'options.token': '--token / RAINBOW_TOKEN' };
const flagOfPath = (path) => (typeof path == 'string' ? PATH_FLAGS[path] ?? NAMED[path.replace(/^options\./, '')] : undefined);

// The library's phrases that speak to programs, in the command line's words. First, the name a
// message starts with (`roomId` must be…): the command line shows the issue after its flag.
const PHRASES = [
  [/^`[\w[\]]+` /, ''],
  [/set allowInsecureHttp: true/g, 'give --allow-insecure-http'],
  [/pass the token option instead/g, 'give the token with --token or RAINBOW_TOKEN'],
  [/or leave the option out/g, 'or leave it out'],
  [/pass it as `token`/g, 'give it with RAINBOW_TOKEN or --token-file'],
  [/Unknown field '(\w+)'; the known fields are ([\w, ]+)\./g, (all, name, known) => `this command does not take it; it takes ${known.split(', ').map(flagOf).join(', ')}.`],
  // Options the command line has no flag for, and never sets; a browser's default.
  [/ \(maxResponseBytes\)/g, ''],
  [/, and within totalTimeoutMs/g, ''],
  [/ \(in a browser it defaults to the page's own\)/g, ''],
];
// A list item (`users[2]`), a field or option named in backquotes (`emails`), or one of the
// library's own names standing alone (raise timeoutMs), not inside a value (an address, a URL).
const ITEM = /`?\b(emails|users)\[(\d+)\]`?/g;
const QUOTED = /`(\w+)`/g;
const BARE = new RegExp(`(?<![\\w@./'-])(${Object.keys(NAMED).filter((n) => /[A-Z]/.test(n)).join('|')})(?![\\w@/'-])`, 'g');

/**
 * A message of the library (a validation issue, a line of its log) in the command line's words:
 * a list item as its flag and value (`users[2]` → --users "x"; given by `sources`), the fields and
 * options as their flags (`roomId` → --room, "raise timeoutMs" → "raise --timeout").
 */
export function inFlagWords(message, sources) {
  if (typeof message != 'string') return message;
  const item = (all, list, i) => {
    const it = sources && itemAt(`${list}[${i}]`, sources);
    return it ? `${it.flag} "${it.value}"` : `--${list} item ${Number(i) + 1}`;
  };
  return PHRASES.reduce((m, [re, words]) => m.replace(re, words), message)
    .replace(ITEM, item)
    .replace(QUOTED, (all, name) => NAMED[name] ?? all)
    .replace(BARE, (all, name) => NAMED[name]);
}

/** The list item behind a validation path (`emails[3]`), if any. */
export function itemAt(path, sources) {
  const m = /^(emails|users)\[(\d+)\]$/.exec(path);
  return (m && sources[m[1]] && sources[m[1]][Number(m[2])]) || undefined;
}

/**
 * A validation issue, a list problem or a skipped item, with where it came from: `flag`, and for
 * a list item its `value`, and `file` and `line` when it came from a file; one of the server, the
 * flag or variable that gave it and its value as given (`sources.host`). Its message is in the
 * command line's words (`--timeout: must be…`, not `timeoutMs` must be…).
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
    return { ...issue, message: inFlagWords(message, sources), flag, value, ...(file !== undefined ? { file, line } : {}) };
  }
  const host = issue.path == 'options.baseUrl' ? sources.host : undefined;
  const flag = issue.flag ?? (issue.path == 'options.token' ? sources.tokenFlag : undefined) ?? host?.flag ?? flagOfPath(issue.path);
  const message = inFlagWords(issue.message, sources);
  if (flag === undefined) return { ...issue, message };
  return { ...issue, flag, ...(host ? { value: host.value } : {}), message };
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

// How many items a line of the summary shows: a room of 10,000 guests is not one line of them
// (--json has them all).
const SHOWN = 10;
const list = (items, separator = ', ') => {
  const more = items.length > SHOWN ? ` … and ${items.length - SHOWN} more` : '';
  return `${items.slice(0, SHOWN).join(separator)}${more}`;
};
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
const skippedLine = (skipped) => `  Skipped, not sent (${skipped.length}): ${list(skipped.map(skippedName), '; ')}`;

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
