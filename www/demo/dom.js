// Small DOM helpers shared by the demo's modules: elements built from text only (never from HTML,
// so nothing a person types or a server answers can become markup), numbers and plurals in words,
// long lists kept short: the first entries, a count and a button that shows the rest; and boxes
// that are tab stops only while they scroll.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (on… attributes become listeners) and children (text or nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

/** Text with `backticked` parts shown as code, built from text nodes only. */
export function rich(text) {
  const parts = String(text).split('`');
  return parts.map((p, i) => (i % 2 ? el('code', { text: p }) : document.createTextNode(p)));
}

export const number = (n) => n.toLocaleString('en-US');
/** "1 guest", "2,000 guests"; `noun` is a word taking an s, or [singular, plural]. */
export function plural(n, noun) {
  const [one, many] = Array.isArray(noun) ? noun : [noun, `${noun}s`];
  return `${number(n)} ${n === 1 ? one : many}`;
}

// ---- long lists -------------------------------------------------------------------------------

/** How many entries a list shows before "Show all". */
export const LIMIT = 10;
// The lists a person opened, by key: a list re-drawn after a change stays open.
const opened = new Set();

export const isOpen = (key) => opened.has(key);

/**
 * The "Showing the first 10 of 2,000 · Show all" line under a list of `total` entries, or null
 * when they all fit. Its button opens or closes the list, then calls `redraw`, which re-creates
 * this line: focus is put back on the new button so a keyboard user stays where they were.
 */
export function moreLine(key, total, noun, redraw) {
  if (total <= LIMIT) return null;
  const open = opened.has(key);
  const button = el('button', {
    type: 'button',
    class: 'link more-toggle',
    'data-list': key,
    'aria-expanded': String(open),
    text: open ? `Show the first ${number(LIMIT)} only` : `Show all ${number(total)}`,
    onclick: () => {
      if (open) opened.delete(key); else opened.add(key);
      redraw();
      document.querySelector(`.more-toggle[data-list="${key}"]`)?.focus();
    },
  });
  const said = open ? `All ${plural(total, noun)}, in a box that scrolls.` : `The first ${number(LIMIT)} of ${plural(total, noun)}.`;
  return el('p', { class: 'more' }, said, ' ', button);
}

/**
 * A list of `items` (strings or nodes for each li) that shows the first LIMIT entries, or all of
 * them in a scrolling box once opened. `attrs` go on the ul (id, class, aria-labelledby).
 */
export function boundedList(key, items, { noun = ['entry', 'entries'], attrs = {}, label = '' } = {}) {
  const box = el('div', { class: 'bounded' });
  const draw = () => {
    const open = opened.has(key) || items.length <= LIMIT;
    const shown = open ? items : items.slice(0, LIMIT);
    const ul = el('ul', attrs, shown.map((t) => el('li', {}, t)));
    const list = open && items.length > LIMIT
      ? el('div', { class: 'scroll-box scroll-stop', role: 'region', 'aria-label': `${label}: all ${number(items.length)}` }, ul)
      : ul;
    box.replaceChildren(list, moreLine(key, items.length, noun, draw) ?? '');
  };
  draw();
  return box;
}

/**
 * A box marked `scroll-stop` is a tab stop while its content overflows it, so that a keyboard can
 * scroll it, and not otherwise: a stop with nothing to do. Checked again whenever the page's
 * content changes, a <details> opens or closes, or the window is resized. The box that has the
 * focus keeps it, so that shrinking content never drops the focus to the page.
 */
export function watchScrollStops() {
  const sync = () => {
    for (const box of document.querySelectorAll('.scroll-stop')) {
      const scrolls = box.scrollHeight > box.clientHeight || box.scrollWidth > box.clientWidth;
      if (scrolls) box.tabIndex = 0;
      else if (box !== document.activeElement) box.removeAttribute('tabindex');
    }
  };
  new MutationObserver(sync).observe(document.body, { childList: true, subtree: true, characterData: true });
  document.addEventListener('toggle', sync, true);
  addEventListener('resize', sync);
  sync();
}
