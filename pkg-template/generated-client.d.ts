// Types of the generated `rainbow_enduser_portal` client's configuration and models, which this
// package also exports so code written for that client runs with only its import changed.
// index.d.ts re-exports this file. The two model classes share their names with the body
// interfaces of index.d.ts: their constructors are declared below as values of those names, so
// `SendUsersJoinRoomInvitation` is both the body type and the class that builds one.

import type {
  Scenario,
  SendUsersJoinRoomInvitation as JoinBody,
  SendUserRoomInvitationCancelation as CancelBody,
} from './index.js';

/** The `Bearer` entry of `ApiClient.authentications`: Rainbow's JWT. */
export interface BearerAuthentication {
  type?: 'apiKey';
  in?: 'header';
  name?: 'Authorization' | (string & {});
  /** The JWT from Rainbow's login (sent as `Authorization: Bearer <apiKey>`). A leading `Bearer ` is dropped. */
  apiKey?: string | null | undefined;
  /** `'Bearer'` or none; any other prefix makes the calls reject with `RainbowValidationError`. */
  apiKeyPrefix?: string | null | undefined;
}

/**
 * The generated client's configuration object. `new RoomsInvitationApi()` uses
 * `ApiClient.instance`; `new RoomsInvitationApi(apiClient)` uses the one given. Its fields are read
 * at each call, so it can be configured before or after the API object is made.
 *
 * @example
 * const client = ApiClient.instance;
 * client.basePath = 'https://openrainbow.com';
 * client.authentications.Bearer.apiKey = jwt;
 * client.authentications.Bearer.apiKeyPrefix = 'Bearer';
 * await new RoomsInvitationApi().sendUsersJoinRoomInvitation(roomId, body);
 */
export declare class ApiClient {
  /** @param basePath defaults to the page's origin in a browser, `http://localhost` elsewhere. */
  constructor(basePath?: string);
  /** The shared client that `new RoomsInvitationApi()` uses. */
  static instance: ApiClient;
  /** Base URL of every call: the `baseUrl` option. */
  basePath: string;
  /** The token: `authentications.Bearer.apiKey` becomes the `token` option. */
  authentications: { Bearer: BearerAuthentication; [name: string]: BearerAuthentication | undefined };
  /**
   * Headers of every call: the `headers` option. An `Authorization: Bearer <jwt>` entry becomes the
   * `token` option (and wins over `authentications.Bearer`).
   */
  defaultHeaders: Record<string, string>;
  /** Milliseconds allowed for each attempt: the `timeoutMs` option. Defaults to 30000; 0 means the default. */
  timeout: number;
}

/** The class `SendUsersJoinRoomInvitation`: builds a join-invitation body with `new` or from an object. */
/** The generated client's `Model.ScenarioEnum`: each scenario keyed by itself. */
export type ScenarioEnum = { readonly [S in Scenario]: S };

export interface SendUsersJoinRoomInvitationConstructor {
  /** The allowed values of `scenario` (`ScenarioEnum.chat` is `'chat'`). */
  readonly ScenarioEnum: ScenarioEnum;
  /** A body with the generated client's required fields, in its order, set where given; set the others one by one. */
  new (scenario?: Scenario, confId?: string, users?: string[], emails?: string[]): JoinBody;
  /** Sets the fields given on `obj`, as the generated client's constructor did. */
  initialize(obj: JoinBody, scenario?: Scenario, confId?: string, users?: string[], emails?: string[]): void;
  /**
   * Copies the model's fields of `data` onto `obj` (or a new instance), values as given: a field
   * the model doesn't have is left out, a wrong type is reported when the body is validated.
   */
  constructFromObject(data: Readonly<Partial<JoinBody>>, obj?: JoinBody): JoinBody;
}

/** The class `SendUserRoomInvitationCancelation`: builds a cancellation body with `new` or from an object. */
export interface SendUserRoomInvitationCancelationConstructor {
  /** The allowed values of `scenario`. */
  readonly ScenarioEnum: ScenarioEnum;
  /** A body with the generated client's required fields, in its order, set where given; `scenario` is set as a field (the server's default is `'pstn-conference'`). */
  new (confId?: string, users?: string[], emails?: string[]): CancelBody;
  /** Sets the fields given on `obj`, as the generated client's constructor did. */
  initialize(obj: CancelBody, confId?: string, users?: string[], emails?: string[]): void;
  /** Copies the model's fields of `data` onto `obj` (or a new instance), values as given. */
  constructFromObject(data: Readonly<Partial<CancelBody>>, obj?: CancelBody): CancelBody;
}

declare module './index.js' {
  /** Builds a `SendUsersJoinRoomInvitation` body: `new SendUsersJoinRoomInvitation('chat')` (or with `confId`, `users`, `emails` after it), then set fields, or `constructFromObject({…})`. */
  export const SendUsersJoinRoomInvitation: SendUsersJoinRoomInvitationConstructor;
  /** Builds a `SendUserRoomInvitationCancelation` body: `new SendUserRoomInvitationCancelation(confId, users, emails)`, then set fields, or `constructFromObject({…})`. */
  export const SendUserRoomInvitationCancelation: SendUserRoomInvitationCancelationConstructor;
  interface RoomsInvitationApi {
    /** The `ApiClient` read at each call (`ApiClient.instance` for `new RoomsInvitationApi()`), or `undefined` when options were given. */
    apiClient: ApiClient | undefined;
  }
}
