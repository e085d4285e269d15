// The generated `rainbow_enduser_portal` client's ApiClient and models, so code written for it runs
// with only its require/import line changed. RoomsInvitationApi (api.js) reads an ApiClient's
// fields at each call and maps them onto the options. A model instance carries only the fields
// set, as own enumerable properties, so the validator reads it like an object literal.

/** The page's origin in a browser, `http://localhost` elsewhere: the package's own default. */
const defaultBasePath = () => {
  const origin = globalThis.location && globalThis.location.origin;
  return typeof origin == 'string' && /^https?:\/\//.test(origin) ? origin : 'http://localhost';
};

/**
 * Configuration shared by the calls of a `RoomsInvitationApi`: `basePath`, `defaultHeaders`,
 * `timeout` and `authentications.Bearer` (`apiKey`, `apiKeyPrefix`) are read at each call.
 */
let shared;

export class ApiClient {
  /**
   * The client `new RoomsInvitationApi()` uses. Made on first use: a class that builds an
   * instance when it is defined can't be left out of a bundle that never uses it.
   */
  static get instance() {
    return (shared ||= new ApiClient());
  }

  static set instance(client) {
    shared = client;
  }

  constructor(basePath = defaultBasePath()) {
    /** Base URL of every call (the package's `baseUrl` option). */
    this.basePath = basePath;
    /** The token: `authentications.Bearer.apiKey`, with `apiKeyPrefix` `'Bearer'` or none. */
    this.authentications = { Bearer: { type: 'apiKey', in: 'header', name: 'Authorization' } };
    /** Headers sent with every call (the package's `headers` option). */
    this.defaultHeaders = {};
    /** Milliseconds allowed for each attempt (the package's `timeoutMs` option). */
    this.timeout = 30000;
  }
}

const JOIN_FIELDS = ['scenario', 'confId', 'users', 'emails', 'lang', 'instantMessage', 'noMail', 'update'];
const CANCEL_FIELDS = ['scenario', 'confId', 'users', 'emails', 'lang', 'noMail'];
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

// Copies the model's fields found in `data` onto `obj`, as given: a wrong type is reported by the
// validation (the generated client turned 'false' into true). Arrays are copied, not shared.
const fill = (fields, data, obj) => {
  for (const k of fields) if (own(data, k)) obj[k] = Array.isArray(data[k]) ? [...data[k]] : data[k];
  return obj;
};

// Sets on `obj` the arguments given, under the model's required fields' names: the constructor
// of the generated client takes them in that order.
const setGiven = (obj, names, values) => {
  names.forEach((name, i) => {
    if (values[i] !== undefined) obj[name] = values[i];
  });
};

// The generated client's `Model.ScenarioEnum`: the allowed values of `scenario`, each keyed by itself.
// A getter, not a static field, which would keep the classes in every bundle.
const scenarioEnum = () => ({ chat: 'chat', 'video-conference': 'video-conference', 'pstn-conference': 'pstn-conference' });

/** Body of `sendUsersJoinRoomInvitation`. */
export class SendUsersJoinRoomInvitation {
  static get ScenarioEnum() {
    return scenarioEnum();
  }

  /** The generated client's required fields, in its order (each can also be set later). */
  constructor(scenario, confId, users, emails) {
    SendUsersJoinRoomInvitation.initialize(this, scenario, confId, users, emails);
  }

  static initialize(obj, ...given) {
    setGiven(obj, ['scenario', 'confId', 'users', 'emails'], given);
  }

  /**
   * Copies the fields of `data` that the model has (the others are left out, as the generated
   * client did) onto `obj` or a new instance; with no `data`, returns `obj` as given.
   */
  static constructFromObject(data, obj) {
    return data ? fill(JOIN_FIELDS, data, obj || new SendUsersJoinRoomInvitation()) : obj;
  }
}

/** Body of `sendUserRoomInvitationCancelation`. */
export class SendUserRoomInvitationCancelation {
  static get ScenarioEnum() {
    return scenarioEnum();
  }

  /** The generated client's required fields, in its order: `scenario` is optional (the server's default is 'pstn-conference') and set as a field. */
  constructor(confId, users, emails) {
    SendUserRoomInvitationCancelation.initialize(this, confId, users, emails);
  }

  static initialize(obj, ...given) {
    setGiven(obj, ['confId', 'users', 'emails'], given);
  }

  /** Like `SendUsersJoinRoomInvitation.constructFromObject`. */
  static constructFromObject(data, obj) {
    return data ? fill(CANCEL_FIELDS, data, obj || new SendUserRoomInvitationCancelation()) : obj;
  }
}
