// "What will be sent": the request line, every header the package sends (the token masked, the
// correlation id the page chose for this request) and the JSON body. A long list shows its first
// entries and a count, with a button for the whole body; the box itself is bounded and scrolls.

import { $, el, isOpen, moreLine, number, LIMIT } from './dom.js';

const MASK = '••••••••';
const KEY = 'preview';
let drawn = ''; // what the preview shows now, to skip drawing it again

/** The headers the package sends for `options`, in the order it sends them. */
export function requestHeaders(options) {
  const headers = [['Content-Type', 'application/json'], ['Accept', 'application/json, text/xml']];
  if (options.token !== undefined) headers.push(['Authorization', `Bearer ${MASK}`]);
  if (options.correlationId) headers.push(['x-rainbow-correlation-id', options.correlationId]);
  return headers;
}

/** The body as indented JSON, each long list cut after LIMIT entries (unless `all`) with a count. */
function bodyNodes(body, all) {
  const keys = Object.keys(body);
  const out = ['{\n'];
  keys.forEach((k, i) => {
    const comma = i < keys.length - 1 ? ',' : '';
    const v = body[k];
    if (!Array.isArray(v)) { out.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}\n`); return; }
    const shown = all ? v : v.slice(0, LIMIT);
    out.push(`  ${JSON.stringify(k)}: [\n`);
    shown.forEach((x, j) => out.push(`    ${JSON.stringify(x)}${j < v.length - 1 ? ',' : ''}\n`));
    if (shown.length < v.length) {
      out.push(el('span', { class: 'muted cut', text: `    … ${number(v.length - shown.length)} more, ${number(v.length)} in all\n` }));
    }
    out.push(`  ]${comma}\n`);
  });
  out.push('}');
  return out;
}

const NOUNS = { emails: ['e-mail address', 'e-mail addresses'], users: ['user id', 'user ids'] };

/** The longest list of the body, and its noun, for the "Show all" line. */
function longest(body) {
  let best = ['emails', []];
  for (const [k, v] of Object.entries(body)) if (Array.isArray(v) && v.length > best[1].length) best = [k, v];
  return best;
}

/** Draws the preview of `current` ({ input, checked }), or null while the package loads. */
export function renderPreview(current) {
  const pre = $('preview');
  const more = $('preview-more');
  if (!current) { pre.textContent = 'Loading the package…'; drawn = ''; return; }
  const { input, checked } = current;
  const url = checked.valid ? `${input.options.baseUrl.replace(/\/+$/, '')}${checked.path}` : '';
  const head = [`POST ${url}`, ...requestHeaders(input.options).map(([k, v]) => `${k}: ${v}`)].join('\n');
  const body = checked.request;
  // Drawn again only when it changes: a button in it must survive a re-check (a field losing the
  // focus to that very button re-checks the form between the press and the click).
  const drawing = JSON.stringify([checked.valid, head, body, isOpen(KEY)]);
  if (drawing === drawn) return;
  drawn = drawing;
  more.replaceChildren();
  if (!checked.valid) {
    pre.replaceChildren(el('span', { class: 'muted', text: 'Nothing will be sent until the form is filled in and its problems are fixed.' }));
    return;
  }
  pre.replaceChildren(`${head}\n\n`, ...bodyNodes(body, isOpen(KEY)));
  const [key, list] = longest(body);
  const line = moreLine(KEY, list.length, NOUNS[key] ?? ['entry', 'entries'], () => renderPreview(current));
  if (line) more.replaceChildren(line);
}
