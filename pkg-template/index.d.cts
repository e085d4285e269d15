// Types of rainbow-room-invitations for a CommonJS consumer (`require()`, or TypeScript's
// `module: node16`/`nodenext` in a CommonJS file): what `require('rainbow-room-invitations')`
// gives on Node ^20.19 or >= 22.12 is node.js's ES module namespace, so these are the
// declarations of index.d.ts, re-exported. A CommonJS file may not `import` an ES module's
// declarations, so each is taken with `resolution-mode: import`; a name that is both a value and
// a type (a class, a model) is declared twice, as a value and as a type.

type Entry = typeof import('./index.js', { with: { 'resolution-mode': 'import' } });

export type * from './index.js' with { 'resolution-mode': 'import' };

export declare const ready: Entry['ready'];
export declare const validateJoinInvitation: Entry['validateJoinInvitation'];
export declare const validateCancelation: Entry['validateCancelation'];
export declare const sendUsersJoinRoomInvitation: Entry['sendUsersJoinRoomInvitation'];
export declare const sendUserRoomInvitationCancelation: Entry['sendUserRoomInvitationCancelation'];

export declare const RoomsInvitationApi: Entry['RoomsInvitationApi'];
export type RoomsInvitationApi = import('./index.js', { with: { 'resolution-mode': 'import' } }).RoomsInvitationApi;
export declare const RainbowError: Entry['RainbowError'];
export type RainbowError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowError;
export declare const RainbowValidationError: Entry['RainbowValidationError'];
export type RainbowValidationError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowValidationError;
export declare const RainbowApiError: Entry['RainbowApiError'];
export type RainbowApiError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowApiError;
export declare const RainbowNetworkError: Entry['RainbowNetworkError'];
export type RainbowNetworkError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowNetworkError;
export declare const RainbowTimeoutError: Entry['RainbowTimeoutError'];
export type RainbowTimeoutError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowTimeoutError;
export declare const RainbowAbortError: Entry['RainbowAbortError'];
export type RainbowAbortError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowAbortError;
export declare const RainbowResponseError: Entry['RainbowResponseError'];
export type RainbowResponseError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowResponseError;
export declare const RainbowNotReadyError: Entry['RainbowNotReadyError'];
export type RainbowNotReadyError = import('./index.js', { with: { 'resolution-mode': 'import' } }).RainbowNotReadyError;
export declare const ApiClient: Entry['ApiClient'];
export type ApiClient = import('./index.js', { with: { 'resolution-mode': 'import' } }).ApiClient;
export declare const SendUsersJoinRoomInvitation: Entry['SendUsersJoinRoomInvitation'];
export type SendUsersJoinRoomInvitation = import('./index.js', { with: { 'resolution-mode': 'import' } }).SendUsersJoinRoomInvitation;
export declare const SendUserRoomInvitationCancelation: Entry['SendUserRoomInvitationCancelation'];
export type SendUserRoomInvitationCancelation = import('./index.js', { with: { 'resolution-mode': 'import' } }).SendUserRoomInvitationCancelation;
