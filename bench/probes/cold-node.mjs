// Cold start in Node, run once per fresh process: from `import` of the client to its first
// request handed to fetch (a stub that answers at once), validation included for the package.
//   package-send      import the package, then sendUsersJoinRoomInvitation → fetch called
//   package-validate  import the package, then validateJoinInvitation → the validated request
//   baseline-send     import the hand-written client, then its call → fetch called
// Prints the times since the import started and since the process started (performance.now()).
// Usage: node probes/cold-node.mjs <pkg dir> <variant>
const t0 = performance.now();
const [pkgDir, variant] = process.argv.slice(2);
const { join } = await import('node:path');
const { pathToFileURL } = await import('node:url');
const BODY = { scenario: 'chat', emails: ['ada@example.com', 'grace@example.com'] };
const ROOM = '56f42c1914e2a8a91b99e595';
const SUCCESS = '{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":[],"invalidUsers":[]}}';
let fetchedAt;
const stub = () => {
  fetchedAt ??= performance.now();
  return Promise.resolve({ status: 200, ok: true, headers: { get: () => null }, text: async () => SUCCESS, json: async () => JSON.parse(SUCCESS) });
};
const entry = variant.startsWith('package') ? join(pkgDir, 'node.js') : new URL('../baseline-client.mjs', import.meta.url).pathname;

const tImport = performance.now();
const m = await import(pathToFileURL(entry).href);
const tImported = performance.now();
let tDone;
if (variant === 'package-validate') {
  const v = m.validateJoinInvitation(ROOM, BODY);
  tDone = performance.now();
  if (!v.valid) throw new Error(`not valid: ${JSON.stringify(v.errors)}`);
} else {
  const r = await m.sendUsersJoinRoomInvitation(ROOM, BODY, { baseUrl: 'http://127.0.0.1:9', fetch: stub });
  tDone = fetchedAt;
  if (!r || !r.data || fetchedAt === undefined) throw new Error('fetch was not called');
}
process.stdout.write(
  `${JSON.stringify({ variant, importMs: tImported - tImport, firstRequestMs: tDone - tImport, sinceProcessStartMs: tDone, scriptStartMs: t0 })}\n`,
);
