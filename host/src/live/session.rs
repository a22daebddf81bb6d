//! Creating a session: its participants, their secret codes and groups.
//!
//! Participants 1..=k form group 1, k+1..=2k group 2, and so on (k = the
//! experiment's players per group); groups stay the same in every round.
//! Codes carry 100 random bits from the operating system's generator, so
//! they cannot be guessed: a code is a participant's only credential.

use rand::RngExt;
use serde::Serialize;

use super::{Livehost, SessionError, now_ms};
use crate::store::{ParticipantRecord, SessionRecord};

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
    /// The session's configuration (JSON), which the experiment reads as
    /// the session state key `config` (e.g. an LLM endpoint's URL). Not for
    /// secrets: those go in the allowlist's headers.
    pub config: Option<serde_json::Value>,
    /// Where the experiment may send HTTP requests.
    pub allowlist: crate::store::Allowlist,
}

/// A newly created session.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedSession {
    pub code: String,
    pub experiment: String,
    pub participants: Vec<SessionParticipant>,
}

/// A code of 20 characters from a 32-letter alphabet: 100 random bits.
pub(crate) fn random_code() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..32)] as char)
        .collect()
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
    /// outbound allowlist.
    pub async fn create_session_with(
        &self,
        experiment: &str,
        participants: u32,
        options: SessionOptions,
    ) -> Result<CreatedSession, SessionError> {
        let exp = self.experiment(experiment).await?;
        let k = exp.info.group_size(participants);
        if participants == 0 || !participants.is_multiple_of(k) {
            return Err(SessionError::BadSize {
                asked: participants,
                players_per_group: k,
            });
        }
        if participants > MAX_PARTICIPANTS {
            return Err(SessionError::TooLarge {
                asked: participants,
                max: MAX_PARTICIPANTS,
            });
        }
        let code = random_code();
        let records: Vec<ParticipantRecord> = (1..=participants)
            .map(|n| ParticipantRecord {
                code: random_code(),
                session: code.clone(),
                participant_id: n,
                group_id: (n - 1) / k + 1,
                id_in_group: (n - 1) % k + 1,
                page_index: 0,
                round: 1,
                finished: false,
                deadline_ms: None,
            })
            .collect();
        let session = SessionRecord {
            code: code.clone(),
            experiment: exp.sha.clone(),
            participants,
            created_ms: now_ms(),
            allowlist: options.allowlist,
            closed_ms: None,
        };
        let mut state = Vec::new();
        if let Some(config) = &options.config {
            state.push(("config".to_string(), config.to_string()));
        }
        self.inner
            .store
            .create_session(&session, &records, &state)?;
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
