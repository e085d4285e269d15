// Code written for the generated `rainbow_enduser_portal` client, unchanged but for its require
// line: ApiClient.instance configured once, models filled field by field or from an object, and
// the promise-returning calls of RoomsInvitationApi.
//
//   RAINBOW_HOST=https://sandbox.openrainbow.com RAINBOW_TOKEN=<jwt> ROOM_ID=<room id> node generated-client.cjs
//
// (require() of this ES-module package needs Node >= 20.19.)
// var RainbowEnduserPortal = require('rainbow_enduser_portal');
var RainbowEnduserPortal = require('rainbow-room-invitations');

var defaultClient = RainbowEnduserPortal.ApiClient.instance;
defaultClient.basePath = process.env.RAINBOW_HOST || 'http://127.0.0.1:8080';
defaultClient.timeout = 10000;
// Configure API key authorization: Bearer
var Bearer = defaultClient.authentications['Bearer'];
Bearer.apiKey = process.env.RAINBOW_TOKEN;
Bearer.apiKeyPrefix = 'Bearer';

var roomId = process.env.ROOM_ID || '56f42c1914e2a8a91b99e595';
var apiInstance = new RainbowEnduserPortal.RoomsInvitationApi();

// A model filled field by field.
var invitation = new RainbowEnduserPortal.SendUsersJoinRoomInvitation();
invitation.scenario = 'video-conference';
invitation.users = ['5b1c2f3a4d5e6f7a8b9c0d02'];
invitation.emails = ['margaret@example.com'];

// A model built from an object.
var cancelation = RainbowEnduserPortal.SendUserRoomInvitationCancelation.constructFromObject({
  scenario: 'chat',
  emails: ['guest1@mycompany.com'],
});

apiInstance.sendUsersJoinRoomInvitation(roomId, invitation).then(function (data) {
  console.log('invited: ' + data.data.status + '; guests: ' + data.data.guestEmails.join(', '));
  return apiInstance.sendUserRoomInvitationCancelation(roomId, cancelation);
}).then(function (data) {
  console.log('cancelled: ' + data.data.status + '; guests: ' + data.data.guestEmails.join(', '));
}, function (error) {
  // The generated client's errors had `status`; these have it too, with a name, a code and more.
  console.error(error.name + ' ' + error.code + ' ' + (error.status || '') + ': ' + error.message);
  process.exitCode = 1;
});
