//! The records stored as JSON values in the data file. Field names are part
//! of the on-disk format: add fields with `#[serde(default)]`, never rename.

use serde::{Deserialize, Serialize};

use crate::experiment::ExperimentInfo;

/// An uploaded component (`experiments` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentRecord {
    /// SHA-256 of the component's bytes, hex.
    pub sha: String,
    /// What its `info` export returned.
    pub info: ExperimentInfo,
    /// Size of the component in bytes.
    pub size: u64,
    /// Upload time, ms since the Unix epoch.
    pub uploaded_ms: u64,
}

/// A session (`sessions` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The session's code (random, also part of admin URLs).
    pub code: String,
    /// SHA of the experiment version the session runs; never changes.
    pub experiment: String,
    /// Number of participants (a multiple of players per group).
    pub participants: u32,
    /// Creation time, ms since the Unix epoch.
    pub created_ms: u64,
    /// Where the experiment may send HTTP requests (async live methods),
    /// with the headers (API keys) livehost adds.
    /// Stored under its earlier name, `outbound`.
    #[serde(default, rename = "outbound")]
    pub allowlist: Allowlist,
    /// When the experimenter closed the session (ms since the Unix epoch):
    /// from then on its pages say so and take no live messages or presses
    /// of next.
    #[serde(default)]
    pub closed_ms: Option<u64>,
    /// The session config it was created from (an oTree project's), if
    /// any; its merged config is the session state key `config`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_name: Option<String>,
    /// The apps it plays, in order (the config's `app_sequence`); empty:
    /// every app of the experiment. Absent in records written before
    /// contract 0.1.3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apps: Vec<String>,
    /// Whether each round of an app has groups of its own (sessions
    /// created since contract 0.1.4, whose creating_session may regroup
    /// between rounds); false in older records, whose groups are the
    /// same in every round of an app.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub groups_per_round: bool,
}

/// A host an experiment may call, and the headers livehost adds to every
/// request to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedHost {
    /// `name` or `name:port` (the port when it is not the scheme's default).
    pub host: String,
    /// The one scheme requests to it may use (records written before the
    /// scheme was kept are https: plain HTTP was never what they meant
    /// for a key).
    #[serde(default)]
    pub scheme: Scheme,
    /// Added to every request to this host, replacing any the experiment
    /// set with the same name (e.g. `Authorization: Bearer ...`). Only an
    /// https entry, or an http one on this machine's loopback, has any.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// Whether the host may be (or resolve to) a loopback, link-local or
    /// private address: a lab's own server. Without it such addresses are
    /// refused, so that an allowlisted name cannot be pointed at the
    /// host's own services or a cloud metadata address.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_addresses: bool,
}

/// The scheme of an allowlist entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    #[default]
    Https,
    Http,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

impl AllowedHost {
    /// `scheme://host`, as the admin API and the console show the entry.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme.name(), self.host)
    }
}

/// Where a session's experiment may send HTTP requests (async live
/// methods' `io.http-fetch`): the hosts, each with the headers livehost adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowlist {
    pub allow: Vec<AllowedHost>,
}

/// A participant and where they are (`participants` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    /// The participant's secret code: their only credential.
    pub code: String,
    pub session: String,
    /// 1-based number within the session.
    pub participant_id: u32,
    /// 1-based group number within the session.
    pub group_id: u32,
    /// 1-based position within the group.
    pub id_in_group: u32,
    /// Index of the current page in the experiment's page list.
    pub page_index: u32,
    /// 1-based current round.
    pub round: u32,
    /// True once past the last page of the last round.
    pub finished: bool,
    /// When the current page times out (ms since the Unix epoch), set the
    /// first time a page with a timeout is shown and cleared when the
    /// participant moves. Absent in records written before contract 0.1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_ms: Option<u64>,
    /// Which app of the session's sequence they are in (0-based; see
    /// `live::app_sequence`): `round` is that app's, `group_id` and
    /// `id_in_group` their group there. Absent (0) in records written
    /// before contract 0.1.3.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub app: u32,
    /// When they came to the wait page with group_by_arrival_time they are
    /// on (ms since the Unix epoch): waiting to be put in a group formed by
    /// arrival. Cleared when they move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived_ms: Option<u64>,
}

/// A log row (`log_rows` table); its table, group and id are in the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowRecord {
    pub participant_id: u32,
    pub id_in_group: u32,
    pub round: u32,
    pub time_ms: u64,
    /// A JSON object, as the guest appended it.
    pub fields: String,
}

/// A log row as the `log_rows` table stores it: keyed by (session, id),
/// so rows are appended in order; the table and group are in the value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRow {
    pub table: String,
    pub group_id: u32,
    #[serde(flatten)]
    pub row: RowRecord,
}

/// What a message-log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// A live message and the live method's replies.
    Live,
    /// A press of next and whether before-next let the participant go.
    Next,
    /// An experimenter's action from the admin API: `data` says which
    /// (`{"action": "advance"}`: the participant was moved past `page`
    /// without before-next; `{"action": "close"}`: the session was closed,
    /// with participant and group 0). New in data-file format 3.
    Admin,
    /// A page shown by the experiment's page methods (`pages.show`), logged
    /// when they wrote state or skipped the page (`data`:
    /// `{"displayed": false}`); a show that only read is not logged. New
    /// with contract 0.1.2; older entries never have it.
    Show,
    /// A line of oTree's chat (`{{ chat }}`), which the host keeps itself:
    /// `data` is `{"channel", "nickname", "body", "participant_id"}`.
    Chat,
    /// One of oTree's session hooks ran (contract 0.1.4): `data` is
    /// `{"hook": "creating_session", "app": name}` (participant and group
    /// 0, written with the session), `{"hook":
    /// "after_all_players_arrive"}` (on `page`, for `group_id`, participant
    /// 0), `{"hook": "group_by_arrival_time", "players": [...]}` (a group
    /// formed by arrival, `group_id` its id) or `{"hook":
    /// "group_by_arrival_time_method", "waiting": [...], "group": [...] or
    /// null, "recheck": bool}` (an app's rule asked, group 0). New in
    /// data-file format 5.
    Hook,
}

/// One message the live method returned, as delivered: the participants
/// it went to (a message to the whole group lists every member) and its
/// payload, stored once however many received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Recipients' participant ids.
    pub to: Vec<u32>,
    /// JSON text.
    pub payload: String,
}

/// An entry of a session's message log (`messages` table): every live
/// message in, every reply out, every press of next, with times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub kind: MessageKind,
    /// When the host received it, ms since the Unix epoch.
    pub time_ms: u64,
    /// How long the guest ran, in microseconds.
    pub run_us: u64,
    pub participant_id: u32,
    pub group_id: u32,
    pub round: u32,
    pub page: String,
    /// The data sent (live) or the form submitted (next), JSON text.
    pub data: String,
    /// Replies, in the order the live method returned them, each with the
    /// participants it went to.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// The error the sender got, if the call failed or was refused.
    #[serde(default)]
    pub error: Option<String>,
    /// For an async live method, which segment of the call this entry is
    /// (1, 2, ...: each await ends one); 0 for a sync call.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub segment: u32,
    /// The seed of the randomness the experiment's code read during the
    /// call (WASI's random, from which Python's `random` is seeded per
    /// call); with `time_ms`, which its clock read (plus a microsecond a
    /// read), what a replay gives the call to get the same outcome. None
    /// for entries without a call of the experiment, and before data-file
    /// format 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl MessageRecord {
    /// An entry of `kind` for `participant_id` (0: none) of `group_id` in
    /// `round` on `page`, without replies, error, run time or seed yet.
    pub fn new(
        kind: MessageKind,
        time_ms: u64,
        participant_id: u32,
        group_id: u32,
        round: u32,
        page: &str,
        data: String,
    ) -> MessageRecord {
        MessageRecord {
            kind,
            time_ms,
            run_us: 0,
            participant_id,
            group_id,
            round,
            page: page.to_string(),
            data,
            replies: Vec::new(),
            error: None,
            segment: 0,
            seed: None,
        }
    }
}

impl MessageKind {
    /// The kind as the export and the console name it.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Live => "live",
            MessageKind::Next => "next",
            MessageKind::Admin => "admin",
            MessageKind::Show => "show",
            MessageKind::Chat => "chat",
            MessageKind::Hook => "hook",
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
