// The form is validated as it is typed (the same Rust validation the calls run, compiled to
// WebAssembly), and the buttons send the invitation or the cancellation with fetch.
import {
  ready,
  validateJoinInvitation,
  sendUsersJoinRoomInvitation,
  sendUserRoomInvitationCancelation,
  RainbowApiError,
  RainbowError,
  RainbowNetworkError,
  RainbowValidationError,
} from 'rainbow-room-invitations';

const $ = (id) => document.getElementById(id);
const lines = (id) => $(id).value.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
const server = $('server');
server.value = import.meta.env.VITE_RAINBOW_HOST || location.origin;

function request() {
  const scenario = $('scenario').value;
  const body = { scenario, emails: lines('emails') };
  const users = lines('users');
  if (users.length) body.users = users; // chat ignores them: the validation says so, and leaves them out
  const options = { baseUrl: server.value.trim() };
  if ($('token').value) options.token = $('token').value; // kept out of every error and log by the package
  return { roomId: $('room').value.trim(), body, options };
}

function showIssues(issues) {
  $('issues').replaceChildren(
    ...issues.map(({ kind, path, message }) => Object.assign(document.createElement('li'), { className: kind, textContent: `${path}: ${message}` })),
  );
}

function validate() {
  const { roomId, body, options } = request();
  const check = validateJoinInvitation(roomId, body, options);
  showIssues([...check.errors.map((i) => ({ kind: 'error', ...i })), ...check.warnings.map((i) => ({ kind: 'warning', ...i }))]);
  $('invite').disabled = !check.valid;
  return check.valid;
}

function show(state, text) {
  $('result').dataset.state = state;
  $('result').textContent = text;
}

async function send(call, label) {
  const { roomId, body, options } = request();
  show('busy', `${label}…`);
  try {
    const { data } = await call(roomId, body, options);
    show('done', `${data.status} (${data.scenario})\nguests: ${data.guestEmails.join(', ') || 'none'}\ninvalid users: ${data.invalidUsers.join(', ') || 'none'}`);
  } catch (error) {
    if (error instanceof RainbowValidationError) show('error', `Not sent: ${error.errors.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
    else if (error instanceof RainbowApiError) show('error', `Rainbow answered ${error.status} (${error.errorDetailsCode ?? 'no code'}): ${error.errorDetails ?? error.message}`);
    else if (error instanceof RainbowNetworkError) show('error', `Could not reach ${options.baseUrl} (offline, or CORS).`);
    else if (error instanceof RainbowError) show('error', `${error.name}: ${error.message}`);
    else throw error;
  }
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (validate()) send(sendUsersJoinRoomInvitation, 'Inviting');
});
// Cancelling takes the same fields; it accepts any stored address, even a misspelled one.
$('cancel').addEventListener('click', () => send(sendUserRoomInvitationCancelation, 'Removing'));

// validate…() is synchronous: in a browser it needs the WebAssembly module loaded first.
await ready();
$('form').addEventListener('input', validate);
validate();
document.body.dataset.ready = 'true';
