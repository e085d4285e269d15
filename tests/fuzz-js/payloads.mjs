// The success the fuzzers' servers and fake fetches answer (README "Success"), in a module of its
// own with no Node built-ins, so the Chromium fuzzer's page can load it.
export const SUCCESS_DATA = { scenario: 'chat', status: 'Invitations successfully sent', guestEmails: ['ada@example.com'], invalidUsers: [] };
export const SUCCESS = (extra = {}) => JSON.stringify({ data: { ...SUCCESS_DATA, ...extra } });
