//! How one app of a session groups its participants in each round, and the
//! group ids of the data file that name those groups. The `live` layer
//! plays a session's apps with it (who is in which group, where a
//! participant goes next round); a call sees its app through it (the
//! `subsession` import: oTree's `get_groups`, `in_round`, and
//! `set_group_matrix` in creating_session).
//!
//! # Group ids
//!
//! Group ids are numbered through a session's apps. In a session created
//! since contract 0.1.4 (`per_round`), every round of an app has groups of
//! its own: round `r`'s group number `n` is `first_group + (r - 1) *
//! participants + n` (room for as many groups as participants, the most a
//! round can have), so that oTree's regrouping between rounds changes
//! nothing but the round's matrix. In an older session an app's groups are
//! `first_group + n`, the same in every round.
//!
//! An app that forms groups by arrival (oTree's group_by_arrival_time)
//! starts every round as one group of everyone (number 1), as oTree does;
//! each group formed then takes the number after the highest of the app's
//! groups in any round (oTree's `max(id_in_subsession) + 1`), in its round
//! and every later one, and a group left without players keeps its number
//! unused (a hole in the matrix). So a formation moves only the players it
//! groups, and its numbers run up to `1 + rounds * participants`: the room
//! each round of such an app has.
//!
//! # Matrices
//!
//! A round's groups are participants 1..=k, k+1..=2k, ... (k = the app's
//! players per group), as in oTree, unless creating_session set its matrix
//! (`set_groups`): then the groups are the matrix's rows, each the
//! participant ids in id-in-group order.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::call::GroupMember;

/// One round's groups as creating_session set them (or as groups formed
/// by arrival left them), and each participant's seat in them (by
/// participant id - 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Each group's participant ids by id in group; a group formed by
    /// arrival leaves an empty row where its players came from.
    pub groups: Vec<Vec<u32>>,
    seats: Vec<(u32, u32)>,
}

impl Matrix {
    /// The matrix of `groups` for `participants` participants: every
    /// participant exactly once, no empty group.
    pub fn new(groups: Vec<Vec<u32>>, participants: u32) -> Result<Matrix, String> {
        Matrix::build(groups, participants, false)
    }

    /// [`Matrix::new`] allowing empty rows: numbers of groups whose players
    /// were formed into others by arrival.
    pub fn with_holes(groups: Vec<Vec<u32>>, participants: u32) -> Result<Matrix, String> {
        Matrix::build(groups, participants, true)
    }

    fn build(groups: Vec<Vec<u32>>, participants: u32, holes: bool) -> Result<Matrix, String> {
        let mut seats = vec![(0, 0); participants as usize];
        for (number, row) in (1..).zip(&groups) {
            if row.is_empty() && !holes {
                return Err(format!("group {number} of the matrix has no players"));
            }
            for (id_in_group, &id) in (1..).zip(row) {
                let seat = id
                    .checked_sub(1)
                    .and_then(|i| seats.get_mut(i as usize))
                    .ok_or_else(|| {
                        format!(
                            "the session has no participant {id} (ids run from 1 to {participants})"
                        )
                    })?;
                if *seat != (0, 0) {
                    return Err(format!("participant {id} is in the matrix twice"));
                }
                *seat = (number, id_in_group);
            }
        }
        if let Some(missing) = seats.iter().position(|s| *s == (0, 0)) {
            return Err(format!(
                "participant {} is missing from the matrix",
                missing + 1
            ));
        }
        Ok(Matrix { groups, seats })
    }
}

/// A round and its groups (participant ids by id in group), as the data
/// file keeps them.
pub type RoundMatrix = (u32, Vec<Vec<u32>>);

/// One app of a session: its participants in groups, round by round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppGroups {
    /// The app's place in its session's sequence (0 = the first app).
    pub index: u32,
    /// Group ids (the data file's) before this app's.
    pub first_group: u32,
    pub participants: u32,
    /// Players per group where no matrix says otherwise.
    pub group_size: u32,
    pub rounds: u32,
    /// Whether each round has groups of its own (see the module's doc).
    pub per_round: bool,
    /// The rounds whose matrix creating_session set (or groups formed by
    /// arrival changed).
    pub matrices: BTreeMap<u32, Arc<Matrix>>,
    /// Whether the app forms groups by arrival (see the module's doc).
    pub by_arrival: bool,
}

impl AppGroups {
    /// Whether the app has round `round`.
    pub fn has_round(&self, round: u32) -> bool {
        (1..=self.rounds).contains(&round)
    }

    /// How many group numbers a round has room for.
    fn room(&self) -> u32 {
        if self.by_arrival {
            1 + self.rounds * self.participants
        } else {
            self.participants
        }
    }

    /// How many group ids the app takes.
    pub fn group_ids(&self) -> u32 {
        if self.per_round {
            self.rounds * self.room()
        } else {
            self.participants / self.group_size.max(1)
        }
    }

    /// The data file's id of group number `number` (1-based, within the
    /// app) in round `round`, if the round has that group.
    pub fn group_id(&self, number: u32, round: u32) -> Option<u32> {
        if number == 0 || !self.has_round(round) || number > self.group_count(round) {
            return None;
        }
        if let Some(m) = self.matrices.get(&round)
            && m.groups.get(number as usize - 1).is_some_and(Vec::is_empty)
        {
            return None;
        }
        Some(if self.per_round {
            self.first_group + (round - 1) * self.room() + number
        } else {
            self.first_group + number
        })
    }

    /// Whether `group_id` is one of this app's.
    pub fn has_group(&self, group_id: u32) -> bool {
        self.first_group < group_id && group_id <= self.first_group + self.group_ids()
    }

    /// Group `group_id`'s number within the app and, in a session with
    /// groups per round, its round.
    pub fn place(&self, group_id: u32) -> Option<(u32, Option<u32>)> {
        if !self.has_group(group_id) {
            return None;
        }
        let offset = group_id - self.first_group - 1;
        Some(if self.per_round {
            (offset % self.room() + 1, Some(offset / self.room() + 1))
        } else {
            (offset + 1, None)
        })
    }

    fn group_count(&self, round: u32) -> u32 {
        match self.matrices.get(&round) {
            Some(m) => m.groups.len() as u32,
            None => self.participants / self.group_size.max(1),
        }
    }

    /// Where participant `id` sits in round `round`: their group's id and
    /// their id in it.
    pub fn seat(&self, id: u32, round: u32) -> (u32, u32) {
        let (number, id_in_group) = match self.matrices.get(&round) {
            Some(m) => m
                .seats
                .get(id.saturating_sub(1) as usize)
                .copied()
                .unwrap_or((1, 1)),
            None => {
                let (i, k) = (id.saturating_sub(1), self.group_size.max(1));
                (i / k + 1, i % k + 1)
            }
        };
        let group_id = self.group_id(number, round).unwrap_or(self.first_group + 1);
        (group_id, id_in_group)
    }

    /// The participant ids of a round's groups, each in id-in-group order.
    pub fn matrix(&self, round: u32) -> Vec<Vec<u32>> {
        match self.matrices.get(&round) {
            Some(m) => m.groups.clone(),
            None => {
                let k = self.group_size.max(1);
                (0..self.participants / k)
                    .map(|g| (g * k + 1..=g * k + k).collect())
                    .collect()
            }
        }
    }

    /// The groups of a round, each its members by id in group.
    pub fn groups(&self, round: u32) -> Vec<Vec<GroupMember>> {
        self.matrix(round)
            .into_iter()
            .map(|row| {
                (1..)
                    .zip(row)
                    .map(|(id_in_group, participant_id)| GroupMember {
                        participant_id,
                        id_in_group,
                    })
                    .collect()
            })
            .collect()
    }

    /// The participant ids of group `group_id`, in id-in-group order (an
    /// older session's group: its members in round 1, the same in every
    /// round).
    pub fn members(&self, group_id: u32) -> Option<Vec<u32>> {
        let (number, round) = self.place(group_id)?;
        self.matrix(round.unwrap_or(1))
            .into_iter()
            .nth(number as usize - 1)
    }

    /// Sets round `round`'s groups (oTree's set_group_matrix).
    pub fn set_groups(&mut self, round: u32, matrix: Matrix) {
        self.matrices.insert(round, Arc::new(matrix));
    }

    /// The highest number of a group with players, in any round.
    fn last_number(&self) -> u32 {
        (1..=self.rounds)
            .map(|r| match self.matrices.get(&r) {
                Some(m) => m
                    .groups
                    .iter()
                    .rposition(|row| !row.is_empty())
                    .map_or(0, |i| i as u32 + 1),
                None => self.participants / self.group_size.max(1),
            })
            .max()
            .unwrap_or(0)
    }

    /// Forms a group of `members` (participant ids, by id in group) in
    /// `round` and every later round, as oTree's group_by_arrival_time
    /// does: its number is the next after the app's highest; the rows they
    /// leave keep their numbers. Returns the group's number and the new
    /// matrices, by round.
    pub fn form_group(
        &mut self,
        round: u32,
        members: &[u32],
    ) -> Result<(u32, Vec<RoundMatrix>), String> {
        let number = self.last_number() + 1;
        if number > self.room() {
            return Err(format!(
                "no room for group {number} (at most {} in a round)",
                self.room()
            ));
        }
        let mut changed = Vec::new();
        for r in round..=self.rounds {
            let mut rows = self.matrix(r);
            for row in &mut rows {
                row.retain(|id| !members.contains(id));
            }
            rows.resize(number as usize - 1, Vec::new());
            rows.push(members.to_vec());
            let matrix = Matrix::with_holes(rows.clone(), self.participants)?;
            self.set_groups(r, matrix);
            changed.push((r, rows));
        }
        Ok((number, changed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(per_round: bool) -> AppGroups {
        AppGroups {
            index: 0,
            first_group: 10,
            participants: 6,
            group_size: 2,
            rounds: 3,
            per_round,
            matrices: BTreeMap::new(),
            by_arrival: false,
        }
    }

    #[test]
    fn each_round_has_groups_of_its_own_numbered_past_the_earlier_apps() {
        let a = app(true);
        assert_eq!(a.group_ids(), 18);
        assert_eq!(a.seat(3, 1), (12, 1));
        assert_eq!(a.seat(3, 2), (18, 1));
        assert_eq!(a.place(18), Some((2, Some(2))));
        assert_eq!(a.members(18), Some(vec![3, 4]));
        assert_eq!(a.group_id(4, 1), None, "round 1 has 3 groups");
        assert!(!a.has_group(10) && a.has_group(28) && !a.has_group(29));
        let old = app(false);
        assert_eq!(old.seat(3, 2), (12, 1));
        assert_eq!(old.place(12), Some((2, None)));
        assert_eq!(old.members(12), Some(vec![3, 4]));
    }

    #[test]
    fn a_matrix_regroups_its_round_only_and_is_checked() {
        let mut a = app(true);
        let m = Matrix::new(vec![vec![6, 1, 2], vec![5, 3, 4]], 6).unwrap();
        a.set_groups(2, m);
        assert_eq!(a.seat(1, 2), (a.group_id(1, 2).unwrap(), 2));
        assert_eq!(a.seat(5, 2), (a.group_id(2, 2).unwrap(), 1));
        assert_eq!(a.members(a.group_id(2, 2).unwrap()), Some(vec![5, 3, 4]));
        assert_eq!(a.group_id(3, 2), None);
        assert_eq!(a.seat(5, 3), (a.group_id(3, 3).unwrap(), 1));
        assert_eq!(
            Matrix::new(vec![vec![1, 2], vec![2, 3]], 3).unwrap_err(),
            "participant 2 is in the matrix twice"
        );
        assert_eq!(
            Matrix::new(vec![vec![1, 2]], 3).unwrap_err(),
            "participant 3 is missing from the matrix"
        );
        assert_eq!(
            Matrix::new(vec![vec![1, 7]], 3).unwrap_err(),
            "the session has no participant 7 (ids run from 1 to 3)"
        );
        assert!(Matrix::new(vec![vec![1, 2, 3], vec![]], 3).is_err());
    }

    #[test]
    fn groups_formed_by_arrival_take_the_next_numbers_from_their_round_on() {
        let mut a = app(true);
        a.group_size = 6;
        a.by_arrival = true;
        // Room for 1 + 3 rounds x 6 participants numbers a round.
        assert_eq!(a.group_ids(), 3 * 19);
        assert_eq!(
            a.members(a.group_id(1, 1).unwrap()),
            Some(vec![1, 2, 3, 4, 5, 6])
        );
        let (n, changed) = a.form_group(1, &[4, 2]).unwrap();
        assert_eq!(n, 2);
        assert_eq!(changed.len(), 3, "rounds 1 to 3");
        assert_eq!(changed[0], (1, vec![vec![1, 3, 5, 6], vec![4, 2]]));
        assert_eq!(a.seat(2, 3), (a.group_id(2, 3).unwrap(), 2));
        // Round 2 forms after round 1's groups: number 3 there and on.
        let (n, changed) = a.form_group(2, &[1, 3]).unwrap();
        assert_eq!(n, 3);
        assert_eq!(changed[0], (2, vec![vec![5, 6], vec![4, 2], vec![1, 3]]));
        assert_eq!(
            a.seat(1, 1),
            (a.group_id(1, 1).unwrap(), 1),
            "round 1 as it was"
        );
        // Once group 1 has nobody left, its number is a hole.
        a.form_group(2, &[5, 6]).unwrap();
        assert_eq!(a.group_id(1, 2), None);
        assert_eq!(a.matrix(2)[0], Vec::<u32>::new());
        let id = a.group_id(4, 3).unwrap();
        assert_eq!(a.place(id), Some((4, Some(3))));
        assert_eq!(a.members(id), Some(vec![5, 6]));
    }
}
