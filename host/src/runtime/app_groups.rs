//! The app a call belongs to, as the `subsession` import sees it: its
//! rounds, and who is in which group in each round. The `live` layer builds
//! it from the session's app sequence; a call uses it to name any player or
//! group of its app (oTree's `in_round`, `get_groups`, `creating_session`)
//! and to tell its own group's state from others'.

use super::call::GroupMember;

/// One app of a session: its participants in groups, the same in every
/// round (participants 1..=k form its first group, k+1..=2k the next).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppGroups {
    /// Group ids (the data file's) before this app's: its group number `n`
    /// is group id `first_group + n`.
    pub first_group: u32,
    pub groups: u32,
    pub group_size: u32,
    pub rounds: u32,
}

impl AppGroups {
    /// The session's participants.
    pub fn participants(&self) -> u32 {
        self.groups * self.group_size
    }

    /// Whether the app has round `round`.
    pub fn has_round(&self, round: u32) -> bool {
        (1..=self.rounds).contains(&round)
    }

    /// The data file's id of group number `number` (1-based, within the
    /// app), if the app has it.
    pub fn group_id(&self, number: u32) -> Option<u32> {
        (1..=self.groups)
            .contains(&number)
            .then_some(self.first_group + number)
    }

    /// The groups of a round, each its members by id in group (the same
    /// in every round).
    pub fn groups(&self, _round: u32) -> Vec<Vec<GroupMember>> {
        (0..self.groups)
            .map(|g| {
                (1..=self.group_size)
                    .map(|id_in_group| GroupMember {
                        participant_id: g * self.group_size + id_in_group,
                        id_in_group,
                    })
                    .collect()
            })
            .collect()
    }
}
