// The app of the Chromium cold start: ?client=package|baseline picks which client is imported
// (dynamically, so the import has a start), then times its first request handed to fetch (a stub
// that answers at once), validation and the wasm's download + compile included for the package.
const ROOM = '56f42c1914e2a8a91b99e595';
const BODY = { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'] };
const SUCCESS = '{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":[],"invalidUsers":[]}}';
const load = { package: () => import('rainbow-room-invitations'), baseline: () => import('./baseline-client.js') };

async function main() {
  const which = new URLSearchParams(location.search).get('client');
  let fetchedAt;
  const stub = () => {
    fetchedAt ??= performance.now();
    return Promise.resolve({ status: 200, ok: true, headers: { get: () => null }, text: async () => SUCCESS, json: async () => JSON.parse(SUCCESS) });
  };
  const t0 = performance.now();
  const m = await load[which]();
  const tImported = performance.now();
  const r = await m.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: location.origin, fetch: stub });
  if (!r || !r.data || fetchedAt === undefined) throw new Error('fetch was not called');
  return { importMs: tImported - t0, firstRequestMs: fetchedAt - t0, sinceNavigationMs: fetchedAt };
}

main().then(
  (r) => (window.__bench = r),
  (e) => (window.__bench = { error: `${e && e.name}: ${e && e.message}` }),
);
