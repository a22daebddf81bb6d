//! oTree's subsession (the WIT `subsession` import, app worlds only): one
//! round of the app, its players and groups named by session-wide numbers
//! ([`Whose`]), its fields, and its group matrix (`get_group_matrix`,
//! `set_group_matrix`, `group_randomly`, `group_like_round`).

use std::fmt;
use std::hash::{BuildHasher, Hasher};

use serde_json::Value;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::player::{Group, Player, PlayerInfo};
use crate::state::{Address, Scope, delegate_state};

/// Whose state a value is, named from the session rather than from the
/// caller (the WIT `subsession.whose`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Whose {
    /// The player of participant `participant_id` in `round` of the app.
    Player {
        /// 1-based number of the participant in the session.
        participant_id: u32,
        /// 1-based round of the app.
        round: u32,
    },
    /// Group `number` (its `group_id`) of the app in `round`.
    Group {
        /// 1-based number of the group within the app's round.
        number: u32,
        /// 1-based round of the app.
        round: u32,
    },
    /// A participant, across all rounds (oTree's `participant.vars`).
    Participant(u32),
}

impl fmt::Display for Whose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Whose::Player {
                participant_id,
                round,
            } => write!(f, "player of participant {participant_id} in round {round}"),
            Whose::Group { number, round } => write!(f, "group {number} of round {round}"),
            Whose::Participant(id) => write!(f, "participant {id}"),
        }
    }
}

/// One round of the app (oTree's `subsession`): its players and groups,
/// its fields, and how its players are grouped. [`OtreePages::creating_session`]
/// and [`OtreePages::after_all_groups_arrive`] get one; any call reaches
/// one with [`Player::subsession`].
///
/// [`OtreePages::creating_session`]: crate::OtreePages::creating_session
/// [`OtreePages::after_all_groups_arrive`]: crate::OtreePages::after_all_groups_arrive
#[derive(Clone, Copy)]
pub struct Subsession<'a> {
    round: u32,
    backend: &'a dyn Backend,
}

impl fmt::Debug for Subsession<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subsession")
            .field("round", &self.round)
            .finish()
    }
}

impl<'a> Subsession<'a> {
    pub(crate) fn new(round: u32, backend: &'a dyn Backend) -> Self {
        Subsession { round, backend }
    }

    /// The round (oTree's `round_number`).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// The same app in another round (oTree's `in_round`).
    pub fn in_round(&self, round: u32) -> Subsession<'a> {
        Subsession::new(round, self.backend)
    }

    /// The subsession's own fields, kept per round (oTree's Subsession
    /// fields: session keys `subsession.<round>.<name>`).
    pub fn state(&self) -> Scope<'a> {
        Scope::at(self.backend, Address::Subsession(self.round))
    }

    /// The log table called `name` (e.g. [`Table::all_rows`]).
    ///
    /// [`Table::all_rows`]: crate::Table::all_rows
    pub fn table(&self, name: &str) -> crate::Table<'a> {
        crate::Table::new(self.backend, name)
    }

    /// The session's state, shared by every group.
    pub fn session(&self) -> Scope<'a> {
        Scope::new(self.backend, crate::Owner::Session)
    }

    /// The session's configuration (oTree's `session.config`): `{}` if the
    /// session has none.
    pub fn config(&self) -> Result<Value> {
        Ok(self
            .session()
            .get::<Value>("config")?
            .unwrap_or_else(|| Value::Object(Default::default())))
    }

    /// The secret code of participant `participant_id` (oTree's
    /// `participant.code`; their link is `/p/<code>`). A page or live
    /// method reads only its own participant's, since a code lets whoever
    /// has it act as that participant (another's is an error);
    /// [`creating_session`](crate::OtreePages::creating_session), a wait
    /// page's hook for all groups and the admin views
    /// ([`custom_export`](crate::OtreePages::custom_export)) read anyone's.
    pub fn participant_code(&self, participant_id: u32) -> Result<String> {
        self.backend
            .participant_code(participant_id)
            .map_err(Error::from)
    }

    /// The session's code (oTree's `session.code`), as the admin's pages
    /// and API name the session.
    pub fn session_code(&self) -> Result<String> {
        self.backend.session_code().map_err(Error::from)
    }

    /// The groups of the round, each its players' infos, read from the host.
    fn matrix(&self) -> Result<Vec<Vec<PlayerInfo>>> {
        self.backend
            .groups(self.round)
            .map_err(|e| Error::new(format!("the groups of round {}: {e}", self.round)))
    }

    /// Every player of the round, by participant number (oTree's
    /// `get_players()`).
    pub fn get_players(&self) -> Result<Vec<Player<'a>>> {
        let mut players: Vec<PlayerInfo> = self.matrix()?.into_iter().flatten().collect();
        players.sort_by_key(|p| p.participant_id);
        Ok(players
            .into_iter()
            .map(|info| Player::of_subsession(info, self.backend))
            .collect())
    }

    /// The numbers of the round's groups: a group's number is its row's
    /// place in the host's list (from 1), and an empty row is a group that
    /// no longer exists (its players were grouped by arrival time, and
    /// oTree deleted it): it is left out, its number unused.
    fn numbers(&self) -> Result<Vec<u32>> {
        Ok(self
            .matrix()?
            .iter()
            .zip(1u32..)
            .filter(|(g, _)| !g.is_empty())
            .map(|(_, number)| number)
            .collect())
    }

    /// The round's groups, in group number order (oTree's `get_groups()`).
    /// With group_by_arrival_time the numbers may have gaps.
    pub fn get_groups(&self) -> Result<Vec<Group<'a>>> {
        Ok(self
            .numbers()?
            .into_iter()
            .map(|number| Group::of_subsession(number, self.round, self.backend))
            .collect())
    }

    /// Group `number` of the round; an error if there is none.
    pub fn group(&self, number: u32) -> Result<Group<'a>> {
        let numbers = self.numbers()?;
        if !numbers.contains(&number) {
            let have = numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::new(format!(
                "round {} has no group {number} (its groups are {have})",
                self.round
            )));
        }
        Ok(Group::of_subsession(number, self.round, self.backend))
    }

    /// The player of participant `participant_id` in this round; an error
    /// if the session has no such participant.
    pub fn player(&self, participant_id: u32) -> Result<Player<'a>> {
        self.matrix()?
            .into_iter()
            .flatten()
            .find(|p| p.participant_id == participant_id)
            .map(|info| Player::of_subsession(info, self.backend))
            .ok_or_else(|| {
                Error::new(format!(
                    "round {} has no player of participant {participant_id}",
                    self.round
                ))
            })
    }

    /// The group matrix (oTree's `get_group_matrix()`): each group's
    /// participant numbers, in id-in-group order (groups that no longer
    /// exist left out).
    pub fn get_group_matrix(&self) -> Result<Vec<Vec<u32>>> {
        Ok(self
            .matrix()?
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|g| g.into_iter().map(|p| p.participant_id).collect())
            .collect())
    }

    /// Sets the round's groups (oTree's `set_group_matrix`): each inner
    /// list a group, its participant numbers in id-in-group order, every
    /// participant exactly once. Only in
    /// [`creating_session`](crate::OtreePages::creating_session).
    pub fn set_group_matrix(&self, matrix: Vec<Vec<u32>>) -> Result<()> {
        self.backend
            .set_groups(self.round, matrix)
            .map_err(|e| Error::new(format!("set_group_matrix of round {}: {e}", self.round)))
    }

    /// Groups the round as round `round` is grouped (oTree's
    /// `group_like_round`).
    pub fn group_like_round(&self, round: u32) -> Result<()> {
        let matrix = self.in_round(round).get_group_matrix()?;
        self.set_group_matrix(matrix)
    }

    /// Shuffles the players into new groups of the same sizes (oTree's
    /// `group_randomly`); with `fixed_id_in_group`, each keeps their
    /// id-in-group and only the groups are mixed. The randomness is the
    /// call's (the host's, seeded per call).
    pub fn group_randomly(&self, fixed_id_in_group: bool) -> Result<()> {
        let mut matrix = self.get_group_matrix()?;
        let mut random = Random::new();
        if fixed_id_in_group {
            let width = matrix.iter().map(Vec::len).max().unwrap_or(0);
            for column in 0..width {
                let rows: Vec<usize> = (0..matrix.len())
                    .filter(|&g| column < matrix[g].len())
                    .collect();
                let mut ids: Vec<u32> = rows.iter().map(|&g| matrix[g][column]).collect();
                random.shuffle(&mut ids);
                for (&g, id) in rows.iter().zip(ids) {
                    matrix[g][column] = id;
                }
            }
        } else {
            let mut ids: Vec<u32> = matrix.iter().flatten().copied().collect();
            random.shuffle(&mut ids);
            let mut ids = ids.into_iter();
            for group in &mut matrix {
                for slot in group.iter_mut() {
                    *slot = ids.next().unwrap_or(*slot);
                }
            }
        }
        self.set_group_matrix(matrix)
    }
}

delegate_state!(Subsession, "the subsession's fields");

/// A small generator seeded from std's hasher keys, which a wasm32-wasip2
/// build draws from the host's randomness (the call's own).
struct Random(u64);

impl Random {
    fn new() -> Self {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(0x5eed);
        Random(hasher.finish() | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
