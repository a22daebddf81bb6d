//! How the data file's keys are made: a state value's owner (its
//! [`Scope`]) packed into the `state` table's `(scope, owner)` pair, and
//! the in-memory keys of state values and log rows.

use std::collections::HashMap;
use std::sync::Arc;

/// Whose state a value is (the WIT `owner`, resolved to host ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Session,
    /// A group in one round.
    Group {
        group_id: u32,
        round: u32,
    },
    /// A participant's player in one round.
    Player {
        participant_id: u32,
        round: u32,
    },
    /// A participant across rounds.
    Participant {
        participant_id: u32,
    },
}

impl Scope {
    pub(super) fn decode(scope: u8, owner: u64) -> Scope {
        let hi = (owner >> 32) as u32;
        let lo = owner as u32;
        match scope {
            0 => Scope::Session,
            1 => Scope::Group {
                group_id: hi,
                round: lo,
            },
            2 => Scope::Player {
                participant_id: hi,
                round: lo,
            },
            _ => Scope::Participant { participant_id: lo },
        }
    }

    pub(super) fn encode(self) -> (u8, u64) {
        let pair = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
        match self {
            Scope::Session => (0, 0),
            Scope::Group { group_id, round } => (1, pair(group_id, round)),
            Scope::Player {
                participant_id,
                round,
            } => (2, pair(participant_id, round)),
            Scope::Participant { participant_id } => (3, u64::from(participant_id)),
        }
    }

    /// The scope's name as the export and the admin API show it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Session => "session",
            Scope::Group { .. } => "group",
            Scope::Player { .. } => "player",
            Scope::Participant { .. } => "participant",
        }
    }
}

/// A hash map for the per-call hot paths (state keys, pending writes).
/// Keys come from guests, so the hasher is randomly seeded (foldhash's
/// quality variant); it is several times faster than std's SipHash on the
/// short keys experiments use.
pub type KeyMap<K, V> = HashMap<K, V, foldhash::quality::RandomState>;

/// The full key of one state value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateKey {
    pub session: Arc<str>,
    pub scope: Scope,
    pub key: String,
}

/// The full key of one log row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub session: Arc<str>,
    pub table: String,
    pub group_id: u32,
    pub id: u64,
}
