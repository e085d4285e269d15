// The token for "Another server". It lives in this module's variable only: never in the DOM, the
// preview, a message or storage. The box is cleared as soon as the token is taken from it.

import { $ } from './dom.js';

let token = null;

export const getToken = () => token;

/** Takes the token out of its box, if one was typed. */
export function commitToken() {
  const box = $('token');
  if (!box.value) return;
  token = box.value;
  box.value = '';
  $('token-state').textContent = 'A token is set. It is kept in memory only and not shown.';
  $('token-forget').hidden = false;
  box.placeholder = 'Type a new token to replace it';
}

export function forgetToken() {
  token = null;
  $('token').value = '';
  $('token').placeholder = '';
  $('token-state').textContent = 'No token set.';
  $('token-forget').hidden = true;
  $('token').focus();
}
