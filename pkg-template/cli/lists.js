// The --emails and --users lists: items written on the command line, and the files given as
// @file (@- for standard input), read with csv-parse. A file is one item per line or a CSV file
// (comma, semicolon or tab), whose column is found by its header or by what its values look like.
// Every row of a file ends up as an item, or as a problem naming its file and line: a row that
// can't be read as CSV or whose cell is empty is never dropped without a word.
import { readFileSync } from 'node:fs';
import { parse as csvParse } from 'csv-parse/sync';
import { UsageError } from './arguments.js';

const KINDS = {
  emails: {
    noun: 'e-mail address',
    nouns: 'e-mail addresses',
    header: 'email',
    // Normalised header text (lower case, letters and digits only): "Work Email", "E-mail", "Mail",
    // "E-mail address", "Courriel", "Adresse e-mail"…
    named: (h) => /^(work|business|office|primary|personal|private|professional|contact)?e?mails?(address(es)?)?$|^(courriels?|address(es)?|adresses?)$|^adresses?(e?mails?|electroniques?)$/.test(h),
    looks: (s) => s.includes('@'),
    // A header that says "mail" beats a bare "Address", which may be a postal one.
    surely: (h) => /mail|courriel/.test(h),
  },
  users: {
    noun: 'user id',
    nouns: 'user ids',
    header: 'userId',
    named: (h) => /^(rainbow)?(users?)?(ids?)?$/.test(h) && /user|id/.test(h),
    looks: (s) => /^[0-9a-f]{24}$/i.test(s),
    // "userId" beats a bare "id", which may number the rows.
    surely: (h) => h.includes('user'),
  },
};

const normalised = (s) => s.normalize('NFD').toLowerCase().replace(/[^a-z0-9]/g, '');

// A header cell when no header names the column: a word or two, not a mistyped value.
const label = (s) => /^\p{L}[\p{L}\p{N} _-]*$/u.test(s) && !/^[0-9a-f]{8,}$/i.test(s);

const CSV_PROBLEMS = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'text follows the closing quote of a cell (write "" for a quote inside quotes)',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows the closing quote of a cell (write "" for a quote inside quotes)',
};

const OPTIONS = {
  relax_column_count: true, // a short row is fine while it has the cell we need
  relax_quotes: true, // a quote inside an unquoted cell is kept as it is
  trim: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true, // a spreadsheet's empty rows (",,,")
  comment: '#',
  comment_no_infix: true, // only a line that starts with # is a comment
};

// Lines that hold no row: blank, a comment, or only separators and empty quotes.
const nothing = (line, delimiter) => line.trim() == '' || line.startsWith('#') || line.split(delimiter).every((c) => /^\s*("")?\s*$/.test(c));

/**
 * The file's text `lines` read as CSV with `delimiter`: { rows: [{ cells, line }], bad: [{ line,
 * lastLine, why }] }, with 1-based line numbers (a row's first line). A row csv-parse can't read
 * is reported, and reading starts again after it, so one stray quote costs one row. `parse` is
 * csv-parse's (a test counts what it is given).
 *
 * Each parse is given a window of lines, not the rest of the file: after a bad row, the next one
 * starts with two lines (a stray quote and the next line's, which csv-parse reads as closing it,
 * fail in one parse) and doubles each time, so a file read whole is parsed in a few windows, and
 * a bad row costs about as many lines as were read since the last one. (Giving each
 * parse the rest of the file made a file of many bad rows quadratic: 8,000 took seconds.)
 *
 * `split` counts the rows of several cells. Reading stops, returning undefined, once `canWin`
 * says that even with every line left such a row, that count could not make `delimiter` the
 * file's separator.
 */
function rowsOf(lines, delimiter, parse, canWin) {
  const rows = [];
  const bad = [];
  let split = 0;
  let from = 0; // index in `lines` where this parse starts
  let size = 2; // how many lines it is given
  while (from < lines.length) {
    if (!canWin(split + lines.length - from)) return undefined;
    const to = Math.min(lines.length, from + size);
    size *= 2;
    let end = from; // index after the last line of the last row read
    try {
      parse(lines.slice(from, to).join('\n'), {
        ...OPTIONS,
        delimiter,
        on_record: (cells, { lines: last }) => {
          const spanned = cells.reduce((n, c) => n + (c.match(/\n/g) || []).length, 0);
          rows.push({ cells, line: from + last - spanned });
          if (cells.length > 1) split++;
          end = from + last;
          return null;
        },
      });
      from = to;
    } catch (e) {
      if (!e || typeof e.code != 'string' || !e.code.startsWith('CSV_')) throw e;
      // A cell still open at the window's end may close after it (a cell over several lines):
      // read again from the line after the last row, in a window twice as large.
      if (e.code == 'CSV_QUOTE_NOT_CLOSED' && to < lines.length) {
        from = end;
        continue;
      }
      let start = end;
      while (start < lines.length && nothing(lines[start], delimiter)) start++;
      const failedAt = Math.min(to, from + (Number(e.lines) || 1)) - 1;
      // A line with an odd number of quotes opened a cell it never closed: that line alone is
      // the bad row, and the lines its quote swallowed are read again. Its fault is that quote,
      // whatever csv-parse found on a later line (the next row's stray quote, read as the
      // closing one, followed by text).
      const opened = start < lines.length && (lines[start].match(/"/g) || []).length % 2 == 1;
      const last = opened || e.code == 'CSV_QUOTE_NOT_CLOSED' ? start : Math.max(start, failedAt);
      const code = opened && failedAt > start ? 'CSV_QUOTE_NOT_CLOSED' : e.code;
      bad.push({ line: start + 1, lastLine: last + 1, why: CSV_PROBLEMS[code] || `it is not valid CSV (${code})` });
      from = last + 1;
      size = 2;
    }
  }
  return canWin(split) ? { rows, bad, split } : undefined;
}

// The separators, in the order that breaks a tie.
const DELIMITERS = [',', ';', '\t'];

/**
 * The file's `lines` read with its separator (as rowsOf reads them): the one that splits the most
 * rows into several cells, ',' on a tie; when none splits any, every row is one cell (one item
 * per line). `parse`: csv-parse's, or a test's that counts what it is given.
 *
 * The separator most frequent in the first lines is tried first, and each other one given up as
 * soon as it can't win: a file of quoted cells ("Ada","ada@example.com") has a bad row on every
 * line for the wrong separators, and reading all of them cost more than reading the right one.
 */
export function rowsOfLines(lines, parse = csvParse) {
  const head = lines.slice(0, 10).join('\n');
  const often = (d) => head.split(d).length;
  let best;
  for (const delimiter of [...DELIMITERS].sort((a, b) => often(b) - often(a))) {
    const rank = DELIMITERS.indexOf(delimiter);
    const canWin = (split) => !best || split > best.read.split || (split == best.read.split && rank < best.rank);
    const read = rowsOf(lines, delimiter, parse, canWin);
    if (read) best = { read, rank };
  }
  return best.read;
}

// Which cell of each row holds the items, and whether the first row is a header.
function columnOf(kind, rows) {
  const { named, looks, surely } = KINDS[kind];
  const width = rows.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const headers = rows[0].cells.map(normalised);
  const sure = headers.findIndex((h) => named(h) && surely(h));
  const byName = sure >= 0 ? sure : headers.findIndex(named);
  if (byName >= 0) return { column: byName, header: rows[0].cells[byName] };
  if (width == 1) return { column: 0, header: undefined };
  // No header names it: the column with the most values that look right, if most of its do.
  let column = -1;
  let most = 0;
  for (let i = 0; i < width; i++) {
    const filled = rows.filter((r) => r.cells[i]);
    const fit = filled.filter((r) => looks(r.cells[i])).length;
    if (fit > most && fit * 2 >= filled.length) (column = i), (most = fit);
  }
  if (column < 0) return { column };
  const first = rows[0].cells[column] || '';
  return { column, header: !looks(first) && label(first) ? first : undefined };
}

// The 1-based line of `bytes` where the first byte that is not UTF-8 stands: each line (bytes
// between line breaks, which are never part of a UTF-8 character) decoded alone.
function firstBadLine(bytes) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const end = i == bytes.length || bytes[i] == 0x0a || (bytes[i] == 0x0d && bytes[i + 1] != 0x0a);
    if (!end) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return undefined;
}

/**
 * The text of a file's `bytes`: UTF-8, with or without its byte order mark (the decoder drops
 * it). Any other encoding stops the command (exit 2) rather than have its accented letters read
 * as replacement characters, which would mangle an address without a word: a spreadsheet's
 * "Unicode text" is UTF-16, its plain CSV is often Latin-1 or Windows-1252.
 */
function textOf(flag, name, bytes) {
  const what = name == '-' ? 'standard input' : 'the file';
  const refuse = (why) => {
    throw new UsageError(`${flag} @${name}: ${what} ${why}; save it as UTF-8 (in Excel: "CSV UTF-8") and give it again`, { flag, file: name });
  };
  if ((bytes[0] == 0xff && bytes[1] == 0xfe) || (bytes[0] == 0xfe && bytes[1] == 0xff)) refuse('is UTF-16 text, not UTF-8');
  // UTF-16 without its mark has a NUL byte beside each ASCII letter (no text file has any).
  if (bytes.includes(0)) refuse('holds NUL characters (UTF-16 text without its byte order mark?), not UTF-8 text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstBadLine(bytes);
    return refuse(`is not UTF-8 text (${line ? `line ${line} is the first that is not: ` : ''}Latin-1 or Windows-1252?)`);
  }
}

/**
 * The rows of the file `name` ('-' for standard input), read and parsed once per command line:
 * `parsed` holds them by file name, as standard input can be read only once.
 */
function rowsOfFile(flag, name, parsed) {
  if (!parsed.has(name)) {
    let bytes;
    try {
      bytes = readFileSync(name == '-' ? 0 : name);
    } catch (e) {
      throw new UsageError(`${flag} @${name}: can't read the file (${e.code || e.message})`, { flag, file: name });
    }
    const lines = textOf(flag, name, bytes).split(/\r\n|\r|\n/);
    parsed.set(name, rowsOfLines(lines));
  }
  return parsed.get(name);
}

/** The items of one file: { items: [{ value, flag, file, line }], problems: [...] }. */
function readFile(kind, name, parsed) {
  const flag = `--${kind}`;
  const { rows, bad } = rowsOfFile(flag, name, parsed);
  const problems = bad.map((b) => ({
    code: 'unreadable_row', flag, file: name, line: b.line, ...(b.lastLine > b.line ? { lastLine: b.lastLine } : {}),
    message: `the row can't be read: ${b.why}`,
  }));
  if (rows.length == 0) return { items: [], problems };
  const { column, header } = columnOf(kind, rows);
  const { noun, nouns } = KINDS[kind];
  if (column < 0) {
    throw new UsageError(`${flag} @${name}: no column of ${nouns} found; name it "${KINDS[kind].header}" in a header line`, { flag, file: name });
  }
  const items = [];
  for (const r of header === undefined ? rows : rows.slice(1)) {
    const value = r.cells[column];
    if (value) items.push({ value, flag, file: name, line: r.line });
    else {
      const cell = header === undefined ? `cell ${column + 1}` : `"${header}" cell`;
      problems.push({ code: 'empty_cell', flag, file: name, line: r.line, message: `the row has no ${noun}: its ${cell} is empty` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { items, problems };
}

/** The items of --emails or --users (each value a list or @file): { items, problems }. */
function readList(kind, values, parsed) {
  const items = [];
  const problems = [];
  for (const v of values) {
    if (v.startsWith('@')) {
      const file = readFile(kind, v.slice(1), parsed);
      items.push(...file.items);
      problems.push(...file.problems);
    } else {
      for (const value of v.split(/[\s,;]+/).filter(Boolean)) items.push({ value, flag: `--${kind}` });
    }
  }
  return { items, problems };
}

/**
 * Both lists: { emails, users, problems } (a list is undefined when its flag was not given). A
 * file given to both flags may hold a user id or an address on each row: a row's empty cell is
 * then no problem when the other column of that row has a value.
 */
export function readLists(values) {
  const parsed = new Map(); // each file's rows by its name
  const emails = values.emails ? readList('emails', values.emails, parsed) : undefined;
  const users = values.users ? readList('users', values.users, parsed) : undefined;
  const usedRows = new Set([...(emails ? emails.items : []), ...(users ? users.items : [])].filter((i) => i.file !== undefined).map((i) => `${i.line}:${i.file}`));
  const seen = new Set(); // a file given twice, or to both flags, reports each row once
  const problems = [...(emails ? emails.problems : []), ...(users ? users.problems : [])].filter((p) => {
    const key = `${p.line}:${p.file}`;
    if ((p.code == 'empty_cell' && usedRows.has(key)) || seen.has(`${p.code}:${key}`)) return false;
    seen.add(`${p.code}:${key}`);
    return true;
  });
  return { emails: emails && emails.items, users: users && users.items, problems };
}

/** Where an item or a problem came from, for a person: `guests.csv, line 4`, `standard input, lines 2-5`. */
export function placeOf(x) {
  if (x.file === undefined) return undefined;
  const file = x.file == '-' ? 'standard input' : x.file;
  return x.lastLine ? `${file}, lines ${x.line}-${x.lastLine}` : `${file}, line ${x.line}`;
}
