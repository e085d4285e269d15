// The app of the size measurement: a page that sends both calls. Built three times, with the
// client import pointing at the package, at the hand-written baseline client, or at no client.
import { sendUsersJoinRoomInvitation, sendUserRoomInvitationCancelation } from '__CLIENT__';

const $ = (id) => document.getElementById(id);
const body = () => ({ scenario: 'chat', emails: $('emails').value.split(',').map((e) => e.trim()) });
const show = (p) => p.then((r) => ($('out').textContent = JSON.stringify(r.data, null, 2)), (e) => ($('out').textContent = `${e.name}: ${e.message}`));

$('invite').onclick = () => show(sendUsersJoinRoomInvitation($('room').value, body(), { baseUrl: location.origin }));
$('cancel').onclick = () => show(sendUserRoomInvitationCancelation($('room').value, body(), { baseUrl: location.origin }));
