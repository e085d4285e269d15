// The baseline: the client a user would write by hand for the two calls, without the package.
// fetch + JSON.stringify, no validation. 20 lines; shared by every measurement's baseline side.
const PREFIX = '/api/rainbow/enduser/v1.0/rooms/';

async function post(path, body, { baseUrl = '', token, fetch: f = globalThis.fetch } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await f(baseUrl + PREFIX + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw Object.assign(new Error(data.errorMsg || `HTTP ${res.status}`), { status: res.status, data });
  return data;
}

export const sendUsersJoinRoomInvitation = (roomId, body, options) =>
  post(`${encodeURIComponent(roomId)}/invitations`, body, options);

export const sendUserRoomInvitationCancelation = (roomId, body, options) =>
  post(`${encodeURIComponent(roomId)}/invitations/cancel`, body, options);
