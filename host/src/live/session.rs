//! Creating a session: its participants, their secret codes and groups,
//! and for an oTree project the session config it plays (its apps and its
//! `session.config`, with the experimenter's changes).
//!
//! In each round of an app, participants 1..=k form its first group,
//! k+1..=2k the next, and so on (k = the app's players per group), unless
//! oTree's creating_session, which runs before the session is stored,
//! regroups it; what it writes is stored with the session
//! (`creating_session`, `app_sequence`).
//! Codes carry 100 random bits from the operating system's generator, so
//! they cannot be guessed: a code is a participant's only credential.

use rand::RngExt;
use serde::Serialize;

use super::app_sequence::{AppSequence, Grouping};
use super::{Livehost, SessionError, now_ms};
use crate::experiment::ExperimentInfo;
use crate::store::{ParticipantRecord, SessionRecord, Write};

/// Most participants one session may have.
pub const MAX_PARTICIPANTS: u32 = 100_000;

/// A participant of a newly created session.
#[derive(Debug, Clone, Serialize)]
pub struct SessionParticipant {
    pub participant_id: u32,
    pub group_id: u32,
    pub id_in_group: u32,
    /// The secret code: the participant's link is `/p/{code}`.
    pub code: String,
}

/// What a session is created with besides its size.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The session config to play, by name (an oTree project's
    /// SESSION_CONFIGS); none: the project's first, if it has any.
    pub config_name: Option<String>,
    /// The session's configuration (JSON), which the experiment reads as
    /// the session state key `config` (e.g. an LLM endpoint's URL). Not for
    /// secrets: those go in the allowlist's headers. With a session config,
    /// a JSON object of changes to the config's values (oTree's
    /// "configure session"): each key must be one of the config's own,
    /// with a value of the same type.
    pub config: Option<serde_json::Value>,
    /// Where the experiment may send HTTP requests.
    pub allowlist: crate::store::Allowlist,
    /// A recorded session's apps and merged config, played as they were
    /// (`livehost replay`), instead of the named config's.
    pub recorded: Option<RecordedSetup>,
}

/// The apps and the merged config (the `config` state) a recorded session
/// was created with.
#[derive(Debug, Clone, Default)]
pub struct RecordedSetup {
    pub apps: Vec<String>,
    pub config: Option<serde_json::Value>,
}

/// A newly created session.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedSession {
    pub code: String,
    pub experiment: String,
    pub participants: Vec<SessionParticipant>,
}

/// A code of 20 characters from a 32-letter alphabet: 100 random bits,
/// after `{node}-` on a node of a cluster ([`super::node`]).
pub(crate) fn random_code(node: Option<&super::NodeId>) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut rng = rand::rng();
    let mut code = node.map(|n| format!("{n}-")).unwrap_or_default();
    code.extend((0..20).map(|_| ALPHABET[rng.random_range(0..32)] as char));
    code
}

impl Livehost {
    /// Creates a session of `participants` players of the experiment with
    /// SHA `experiment`, everyone on the first page of round 1.
    pub async fn create_session(
        &self,
        experiment: &str,
        participants: u32,
    ) -> Result<CreatedSession, SessionError> {
        self.create_session_with(experiment, participants, SessionOptions::default())
            .await
    }

    /// [`Livehost::create_session`] with the session's configuration and
    /// outbound allowlist. With a session config, `participants` 0 is its
    /// `num_demo_participants`.
    pub async fn create_session_with(
        &self,
        experiment: &str,
        participants: u32,
        options: SessionOptions,
    ) -> Result<CreatedSession, SessionError> {
        let exp = self.experiment(experiment).await?;
        let Chosen {
            name: config_name,
            apps,
            config,
            demo_participants,
        } = session_config(&exp.info, &options)?;
        let participants = match participants {
            0 => demo_participants.unwrap_or(0),
            n => n,
        };
        // Every round has groups of its own, so creating_session may
        // regroup them.
        let mut grouping = Grouping {
            per_round: true,
            matrices: Vec::new(),
        };
        let sequence = AppSequence::new(&exp.info, &apps, participants, &grouping)?;
        if participants > MAX_PARTICIPANTS {
            return Err(SessionError::TooLarge {
                asked: participants,
                max: MAX_PARTICIPANTS,
            });
        }
        let node = self.inner.config.node.as_ref();
        let code = random_code(node);
        let config = config.map(|c| c.to_string());
        let hooked = super::creating_session::run(
            &self.inner,
            &exp,
            &sequence,
            &std::sync::Arc::from(code.as_str()),
            config.clone(),
        )
        .await?;
        grouping.matrices = hooked
            .iter()
            .filter_map(|w| match w {
                Write::GroupMatrix {
                    app, round, groups, ..
                } => Some((*app, *round, groups.clone())),
                _ => None,
            })
            .collect();
        let sequence = if grouping.matrices.is_empty() {
            sequence
        } else {
            AppSequence::new(&exp.info, &apps, participants, &grouping)?
        };
        let records: Vec<ParticipantRecord> = (1..=participants)
            .map(|n| {
                let mut p = ParticipantRecord {
                    code: random_code(node),
                    session: code.clone(),
                    participant_id: n,
                    group_id: 0,
                    id_in_group: 0,
                    page_index: 0,
                    round: 1,
                    finished: false,
                    deadline_ms: None,
                    arrived_ms: None,
                    app: 0,
                };
                sequence.enter(&mut p, 0);
                p
            })
            .collect();
        let session = SessionRecord {
            code: code.clone(),
            experiment: exp.sha.clone(),
            participants,
            created_ms: now_ms(),
            allowlist: options.allowlist,
            closed_ms: None,
            config_name,
            apps,
            groups_per_round: grouping.per_round,
        };
        let state: Vec<(String, String)> = config
            .map(|c| (crate::runtime::SESSION_CONFIG.to_string(), c))
            .into_iter()
            .collect();
        self.inner
            .store
            .create_session(&session, &records, &state, &hooked)?;
        Ok(CreatedSession {
            code,
            experiment: exp.sha.clone(),
            participants: records
                .into_iter()
                .map(|p| SessionParticipant {
                    participant_id: p.participant_id,
                    group_id: p.group_id,
                    id_in_group: p.id_in_group,
                    code: p.code,
                })
                .collect(),
        })
    }
}

/// The session config a session plays (its name, its apps) and the
/// `config` state it starts with: the config's values with the
/// experimenter's changes, or, for an experiment without session configs,
/// the configuration given as it is.
fn session_config(info: &ExperimentInfo, options: &SessionOptions) -> Result<Chosen, SessionError> {
    if let Some(recorded) = &options.recorded {
        return Ok(Chosen {
            name: options.config_name.clone(),
            apps: recorded.apps.clone(),
            config: recorded.config.clone(),
            demo_participants: None,
        });
    }
    let chosen = match &options.config_name {
        Some(name) => {
            Some(
                info.session_config(name)
                    .ok_or_else(|| SessionError::UnknownConfig {
                        name: name.clone(),
                        known: known_configs(info),
                    })?,
            )
        }
        None => info.session_configs.first(),
    };
    let Some(chosen) = chosen else {
        return Ok(Chosen {
            name: None,
            apps: Vec::new(),
            config: options.config.clone(),
            demo_participants: None,
        });
    };
    let mut config = chosen.config.clone();
    match &options.config {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Object(changes)) => {
            for (key, value) in changes {
                change_config(&chosen.name, &mut config, key, value)?;
            }
        }
        Some(other) => {
            return Err(SessionError::BadConfig(format!(
                "the config's changes must be a JSON object of the config's keys, not {other}"
            )));
        }
    }
    Ok(Chosen {
        name: Some(chosen.name.clone()),
        apps: chosen.app_sequence.clone(),
        config: Some(serde_json::Value::Object(config)),
        demo_participants: chosen.demo_participants(),
    })
}

/// What a new session plays: its session config's name and apps (none and
/// every app for an experiment without configs), its `config` state, and
/// its size when none is given.
struct Chosen {
    name: Option<String>,
    apps: Vec<String>,
    config: Option<serde_json::Value>,
    demo_participants: Option<u32>,
}

fn known_configs(info: &ExperimentInfo) -> String {
    if info.session_configs.is_empty() {
        return "none (it is not an oTree project with SESSION_CONFIGS)".into();
    }
    info.session_configs
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sets `key` of a session config to `value`, as oTree's "configure
/// session" allows: a key the config has (not its name or apps), a value
/// of the same type (a whole number may be given for a decimal one).
fn change_config(
    config_name: &str,
    config: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: &serde_json::Value,
) -> Result<(), SessionError> {
    use serde_json::Value;
    // oTree's NON_EDITABLE_FIELDS.
    const FIXED: [&str; 5] = [
        "name",
        "app_sequence",
        "display_name",
        "doc",
        "num_demo_participants",
    ];
    let bad = |text: String| Err(SessionError::BadConfig(text));
    if FIXED.contains(&key) {
        return bad(format!(
            "{key} is not one of a session config's settings you can change"
        ));
    }
    let Some(current) = config.get(key) else {
        let keys: Vec<&str> = config
            .iter()
            .filter(|(k, v)| !FIXED.contains(&k.as_str()) && !v.is_array() && !v.is_object())
            .map(|(k, _)| k.as_str())
            .collect();
        return bad(format!(
            "session config {config_name:?} has no setting {key:?}; the settings you can change are: {}",
            keys.join(", ")
        ));
    };
    let same = matches!(
        (current, value),
        (Value::Bool(_), Value::Bool(_)) | (Value::String(_), Value::String(_)) | (Value::Null, _)
    ) || (current.is_number()
        && value.is_number()
        && (current.is_f64() || !value.is_f64()));
    if !same {
        return bad(format!(
            "setting {key:?} of session config {config_name:?} is {current}; {value} is not of the same type"
        ));
    }
    config.insert(key.to_string(), value.clone());
    Ok(())
}
