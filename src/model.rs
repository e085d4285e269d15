//! The two operations, their scenarios and fields, and the shape of a validation issue.

use serde::{Serialize, Serializer};

use crate::value::Value;

/// The API's own path, which every request's path starts with.
pub const API_PREFIX: &str = "/api/rainbow/enduser/v1.0";

/// Path prefix shared by both operations.
pub const ROOMS_PATH: &str = "/api/rainbow/enduser/v1.0/rooms/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `sendUsersJoinRoomInvitation`
    Invite,
    /// `sendUserRoomInvitationCancelation`
    Cancel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    Chat,
    PstnConference,
    VideoConference,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Chat, Scenario::PstnConference, Scenario::VideoConference];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Chat => "chat",
            Scenario::PstnConference => "pstn-conference",
            Scenario::VideoConference => "video-conference",
        }
    }

    pub fn parse(s: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|sc| sc.as_str() == s)
    }
}

/// The JSON type a body field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A scenario name.
    Scenario,
    /// A 24-hex id.
    Id,
    /// A list of 24-hex ids.
    Ids,
    Emails,
    Lang,
    Text,
    Flag,
}

/// One body field: its name, its type, and the scenarios that use it.
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub used_by: &'static [Scenario],
}

const ALL: &[Scenario] = &Scenario::ALL;
const PSTN: &[Scenario] = &[Scenario::PstnConference];
const CONFERENCES: &[Scenario] = &[Scenario::PstnConference, Scenario::VideoConference];

/// The invitation body's fields, in the order they are sent.
pub const INVITE_FIELDS: &[Field] = &[
    Field { name: "scenario", ty: FieldType::Scenario, used_by: ALL },
    Field { name: "confId", ty: FieldType::Id, used_by: CONFERENCES },
    Field { name: "users", ty: FieldType::Ids, used_by: CONFERENCES },
    Field { name: "emails", ty: FieldType::Emails, used_by: ALL },
    Field { name: "lang", ty: FieldType::Lang, used_by: ALL },
    Field { name: "instantMessage", ty: FieldType::Text, used_by: CONFERENCES },
    Field { name: "noMail", ty: FieldType::Flag, used_by: PSTN },
    Field { name: "update", ty: FieldType::Flag, used_by: PSTN },
];

/// The cancellation body's fields: chat and video-conference only want `emails`.
pub const CANCEL_FIELDS: &[Field] = &[
    Field { name: "scenario", ty: FieldType::Scenario, used_by: ALL },
    Field { name: "confId", ty: FieldType::Id, used_by: PSTN },
    Field { name: "users", ty: FieldType::Ids, used_by: PSTN },
    Field { name: "emails", ty: FieldType::Emails, used_by: ALL },
    Field { name: "lang", ty: FieldType::Lang, used_by: PSTN },
    Field { name: "noMail", ty: FieldType::Flag, used_by: PSTN },
];

impl Operation {
    pub fn fields(self) -> &'static [Field] {
        match self {
            Operation::Invite => INVITE_FIELDS,
            Operation::Cancel => CANCEL_FIELDS,
        }
    }

    /// The scenario used when the body names none; `None` means the field is required.
    pub fn default_scenario(self) -> Option<Scenario> {
        match self {
            Operation::Invite => None,
            Operation::Cancel => Some(Scenario::PstnConference),
        }
    }

    /// Whether this scenario needs at least one e-mail (users don't count).
    pub fn needs_emails(self, scenario: Scenario) -> bool {
        match self {
            Operation::Invite => scenario == Scenario::Chat,
            Operation::Cancel => scenario != Scenario::PstnConference,
        }
    }

    /// The request path for a room id that has already been validated.
    pub fn path(self, room_id: &str) -> String {
        let tail = match self {
            Operation::Invite => "/invitations",
            Operation::Cancel => "/invitations/cancel",
        };
        cat!("{}{}{}", ROOMS_PATH, room_id, tail)
    }
}

/// The stable codes of validation issues; the README lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueCode {
    Required,
    InvalidType,
    InvalidValue,
    InvalidId,
    InvalidEmail,
    InvalidLang,
    InvalidString,
    UnknownField,
    NoRecipients,
    InvalidOption,
    Duplicate,
    IgnoredField,
}

impl IssueCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::InvalidType => "invalid_type",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::InvalidId => "invalid_id",
            IssueCode::InvalidEmail => "invalid_email",
            IssueCode::InvalidLang => "invalid_lang",
            IssueCode::InvalidString => "invalid_string",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::NoRecipients => "no_recipients",
            IssueCode::InvalidOption => "invalid_option",
            IssueCode::Duplicate => "duplicate",
            IssueCode::IgnoredField => "ignored_field",
        }
    }
}

impl Serialize for IssueCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem (or warning) with the request, at a field path such as `emails[3]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub path: String,
    pub code: IssueCode,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, code: IssueCode, message: impl Into<String>) -> Issue {
        Issue { path: path.into(), code, message: message.into() }
    }

    /// The issue as a `Value`, moved (as its `Serialize` writes it).
    pub fn into_value(self) -> Value {
        Value::Object(vec![("path".into(), Value::String(self.path)), ("code".into(), Value::str(self.code.as_str())), ("message".into(), Value::String(self.message))])
    }

    /// A list of issues as a `Value` array.
    pub fn list(issues: Vec<Issue>) -> Value {
        let mut list = Vec::with_capacity(issues.len());
        for issue in issues {
            list.push(issue.into_value());
        }
        Value::Array(list)
    }
}

/// Adds an issue to a list.
pub fn add(list: &mut Vec<Issue>, path: &str, code: IssueCode, message: String) {
    list.push(Issue::new(path, code, message));
}
