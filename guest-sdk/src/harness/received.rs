//! What the players of a group received from one live call, per recipient,
//! with `0` (the whole group) already expanded to every player.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::experiment::RawMessage;
use crate::replies::{GROUP, Reply};

/// The replies of one live call as the group's pages receive them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Received {
    group_id: u32,
    /// The group's participants, by id in group.
    members: Vec<u32>,
    replies: Vec<Reply>,
    by_id: BTreeMap<u32, Vec<Value>>,
}

impl Received {
    /// Check and expand a call's raw replies as the host does: an id that
    /// is not in the group, or a payload that is not JSON, fails the call.
    pub(crate) fn from_raw(
        group_id: u32,
        members: &[u32],
        raw: Vec<RawMessage>,
    ) -> Result<Self, String> {
        let players_per_group = members.len() as u32;
        let mut received = Received {
            group_id,
            members: members.to_vec(),
            ..Received::default()
        };
        for (to, payload) in raw {
            if to > players_per_group {
                return Err(format!(
                    "the experiment's reply was refused: a reply is addressed to id_in_group {to}, but the group has ids 1 to {players_per_group} (0 = everyone); nothing was changed"
                ));
            }
            let payload: Value = serde_json::from_str(&payload).map_err(|e| {
                format!("the experiment's reply was refused: a reply payload is not valid JSON: {e}; nothing was changed")
            })?;
            let ids = if to == GROUP {
                1..=players_per_group
            } else {
                to..=to
            };
            for id in ids {
                received.by_id.entry(id).or_default().push(payload.clone());
            }
            received.replies.push(Reply { to, payload });
        }
        Ok(received)
    }

    /// The payloads player `id_in_group` of the sender's group received, in
    /// order (empty if none).
    pub fn to(&self, id_in_group: u32) -> Vec<Value> {
        self.by_id.get(&id_in_group).cloned().unwrap_or_default()
    }

    /// The payloads participant `participant` (numbered in the session)
    /// received; empty for participants of other groups.
    pub fn to_participant(&self, participant: u32) -> Vec<Value> {
        match self.members.iter().position(|&p| p == participant) {
            Some(i) => self.to(i as u32 + 1),
            None => Vec::new(),
        }
    }

    /// Whether nobody received anything.
    pub fn is_empty(&self) -> bool {
        self.replies.is_empty()
    }

    /// The ids-in-group that received something, ascending.
    pub fn recipients(&self) -> Vec<u32> {
        self.by_id.keys().copied().collect()
    }

    /// The replies as the live method returned them (`to` may be 0).
    pub fn replies(&self) -> &[Reply] {
        &self.replies
    }

    /// The number of the sender's group.
    pub fn group_id(&self) -> u32 {
        self.group_id
    }
}
