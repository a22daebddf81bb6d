//! A session's apps, played one after another (oTree's `app_sequence`),
//! and how a participant moves through them: page by page, round by round,
//! app by app, then finished.
//!
//! Each app of the sequence has its own groups, and in a session created
//! since contract 0.1.4 each round of an app has its own (oTree regroups
//! between rounds): a group id alone says which app (and round) it plays
//! and which participants are in it ([`AppGroups`] numbers them). A
//! participant's record says which app of the sequence they are in
//! (`app`), their round there, and their group and id in group; the group
//! changes when they enter the next app, or, with groups per round, the
//! next round.
//!
//! An experiment that is not a project is a sequence of one app: every
//! page, `rounds` times, in groups of `players_per_group`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::experiment::ExperimentInfo;
use crate::runtime::{AppGroups, Matrix};
use crate::store::ParticipantRecord;

/// One app of a session's sequence, resolved for its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stage {
    /// The app's name.
    pub name: String,
    /// Index of its first page in the experiment's page list.
    pub first_page: u32,
    /// Index one past its last page.
    pub end_page: u32,
    pub rounds: u32,
    /// Its participants' groups, round by round.
    pub groups: AppGroups,
    /// Pages after which `app-after-page` is asked.
    pub app_after_pages: Vec<String>,
}

/// A session's apps in the order its participants play them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AppSequence {
    stages: Vec<Stage>,
    /// Whether each page of the experiment's list is a wait page.
    wait_pages: Vec<bool>,
    /// Whether each page of the list is a wait page with oTree's
    /// after_all_players_arrive.
    arrival_hooks: Vec<bool>,
    /// Whether each page of the list is a wait page with is_displayed.
    displayed_if: Vec<bool>,
    /// Whether each page of the list is a wait page for all groups.
    all_groups: Vec<bool>,
    /// Whether each page of the list is a wait page that forms groups by
    /// arrival (oTree's group_by_arrival_time).
    by_arrival: Vec<bool>,
}

/// How a session's groups are laid out: each round with groups of its own
/// (sessions created since contract 0.1.4), and the matrices its
/// creating_session set, by (app index, round).
#[derive(Debug, Clone, Default)]
pub(crate) struct Grouping {
    pub per_round: bool,
    pub matrices: Vec<(u32, u32, Vec<Vec<u32>>)>,
}

/// Why a session cannot play the apps asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceError {
    #[error("the experiment has no app named {0:?}")]
    UnknownApp(String),
    #[error(
        "a session needs a number of participants that is a positive multiple of {players_per_group} (the group size of app {app}); {asked} is not"
    )]
    BadSize {
        app: String,
        asked: u32,
        players_per_group: u32,
    },
    #[error("the data file's group matrix of app {app}, round {round} is wrong: {error}")]
    BadMatrix { app: u32, round: u32, error: String },
}

impl AppSequence {
    /// The sequence of the apps named `apps` (every app in order if
    /// empty) for a session of `participants`, grouped as `grouping` says.
    pub fn new(
        info: &ExperimentInfo,
        apps: &[String],
        participants: u32,
        grouping: &Grouping,
    ) -> Result<AppSequence, SequenceError> {
        let all = info.app_list();
        let mut starts = Vec::with_capacity(all.len());
        let mut page = 0u32;
        for app in all.iter() {
            starts.push(page);
            page += app.pages.len() as u32;
        }
        let chosen: Vec<usize> = if apps.is_empty() {
            (0..all.len()).collect()
        } else {
            apps.iter()
                .map(|name| {
                    all.iter()
                        .position(|a| &a.name == name)
                        .ok_or_else(|| SequenceError::UnknownApp(name.clone()))
                })
                .collect::<Result<_, _>>()?
        };
        let mut stages = Vec::with_capacity(chosen.len());
        let mut first_group = 0u32;
        for (index, i) in (0u32..).zip(chosen) {
            let app = &all[i];
            // An app forming groups by arrival starts each round as one
            // group of everyone (oTree's too): any size will do.
            let by_arrival = app
                .pages
                .first()
                .is_some_and(|p| info.hooks.group_by_arrival_time.contains(p));
            let k = if app.players_per_group == 0 || by_arrival {
                participants.max(1)
            } else {
                app.players_per_group
            };
            if participants == 0 || !participants.is_multiple_of(k) {
                return Err(SequenceError::BadSize {
                    app: app.name.clone(),
                    asked: participants,
                    players_per_group: k,
                });
            }
            let mut matrices = BTreeMap::new();
            for (a, round, rows) in &grouping.matrices {
                if *a == index {
                    let bad = |error| SequenceError::BadMatrix {
                        app: index,
                        round: *round,
                        error,
                    };
                    let m = if by_arrival {
                        Matrix::with_holes(rows.clone(), participants)
                    } else {
                        Matrix::new(rows.clone(), participants)
                    };
                    let m = m.map_err(bad)?;
                    matrices.insert(*round, Arc::new(m));
                }
            }
            let groups = AppGroups {
                index,
                first_group,
                participants,
                group_size: k,
                rounds: app.rounds,
                per_round: grouping.per_round,
                matrices,
                by_arrival,
            };
            first_group += groups.group_ids();
            stages.push(Stage {
                name: app.name.clone(),
                first_page: starts[i],
                end_page: starts[i] + app.pages.len() as u32,
                rounds: app.rounds,
                groups,
                app_after_pages: app.app_after_pages.clone(),
            });
        }
        let pages_where = |f: &dyn Fn(&crate::experiment::Page) -> bool| {
            info.pages.iter().map(f).collect::<Vec<bool>>()
        };
        Ok(AppSequence {
            stages,
            wait_pages: pages_where(&|p| p.kind == crate::experiment::PageKind::Wait),
            arrival_hooks: pages_where(&|p| info.hooks.after_all_players_arrive.contains(&p.name)),
            displayed_if: pages_where(&|p| info.hooks.wait_pages_displayed_if.contains(&p.name)),
            all_groups: pages_where(&|p| info.hooks.wait_for_all_groups.contains(&p.name)),
            by_arrival: pages_where(&|p| info.hooks.group_by_arrival_time.contains(&p.name)),
        })
    }

    /// The same sequence with app `index`'s groups as `groups` say (groups
    /// formed by arrival).
    pub fn with_groups(&self, index: u32, groups: AppGroups) -> AppSequence {
        let mut sequence = self.clone();
        if let Some(stage) = sequence.stages.get_mut(index as usize) {
            stage.groups = groups;
        }
        sequence
    }

    /// Whether the page at `index` is a wait page that forms groups by
    /// arrival.
    pub fn groups_by_arrival(&self, index: u32) -> bool {
        self.by_arrival
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the page at `index` of the experiment's list is a wait page.
    pub fn is_wait_page(&self, index: u32) -> bool {
        self.wait_pages
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the page at `index` is a wait page with is_displayed (asked
    /// when a player reaches it).
    pub fn wait_page_displayed_if(&self, index: u32) -> bool {
        self.displayed_if
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the page at `index` is a wait page for all groups (oTree's
    /// wait_for_all_groups): the session's wait, not a group's, releases
    /// its players.
    pub fn waits_for_all_groups(&self, index: u32) -> bool {
        self.all_groups
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the page at `index` is a wait page whose
    /// after_all_players_arrive runs before its players are released.
    pub fn has_arrival_hook(&self, index: u32) -> bool {
        self.arrival_hooks
            .get(index as usize)
            .copied()
            .unwrap_or(false)
    }

    /// The apps, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The app at `index` of the sequence (a participant's `app`).
    pub fn stage(&self, index: u32) -> Option<&Stage> {
        self.stages.get(index as usize)
    }

    /// The app at `index` as a call sees it (its groups in each round).
    pub fn app_groups(&self, index: u32) -> Option<AppGroups> {
        self.stage(index).map(|s| s.groups.clone())
    }

    /// The index of the app whose groups include `group_id`.
    pub fn stage_of_group(&self, group_id: u32) -> Option<u32> {
        self.stages
            .iter()
            .position(|s| s.groups.has_group(group_id))
            .map(|i| i as u32)
    }

    /// The participant ids of group `group_id`, by id in group.
    #[cfg(test)]
    fn members_of(&self, group_id: u32) -> Option<Vec<u32>> {
        let stage = self.stage(self.stage_of_group(group_id)?)?;
        stage.groups.members(group_id)
    }

    /// The names of the apps after the one at `index` (oTree's
    /// `upcoming_apps`).
    pub fn upcoming(&self, index: u32) -> Vec<String> {
        self.stages
            .iter()
            .skip(index as usize + 1)
            .map(|s| s.name.clone())
            .collect()
    }

    /// The index of the app named `name` after the one at `index`.
    pub fn later_app(&self, index: u32, name: &str) -> Option<u32> {
        self.stages
            .iter()
            .enumerate()
            .skip(index as usize + 1)
            .find(|(_, s)| s.name == name)
            .map(|(i, _)| i as u32)
    }

    /// Puts participant `p` on the first page of app `index` (their group
    /// and id in group there), or finishes them past the last app.
    pub fn enter(&self, p: &mut ParticipantRecord, index: u32) {
        p.deadline_ms = None;
        p.arrived_ms = None;
        let Some(stage) = self.stage(index) else {
            p.finished = true;
            return;
        };
        p.app = index;
        p.round = 1;
        p.page_index = stage.first_page;
        (p.group_id, p.id_in_group) = stage.groups.seat(p.participant_id, 1);
    }

    /// Moves participant `p` one page on: the next page of the round, else
    /// the first page of the app's next round (in its group of that
    /// round), else the next app, else finished.
    pub fn step(&self, p: &mut ParticipantRecord) {
        if p.finished {
            return;
        }
        // A page's deadline is that page's alone.
        p.deadline_ms = None;
        p.arrived_ms = None;
        let Some(stage) = self.stage(p.app) else {
            p.finished = true;
            return;
        };
        if p.page_index + 1 < stage.end_page {
            p.page_index += 1;
        } else if p.round < stage.rounds {
            p.round += 1;
            p.page_index = stage.first_page;
            (p.group_id, p.id_in_group) = stage.groups.seat(p.participant_id, p.round);
        } else {
            self.enter(p, p.app + 1);
        }
    }

    /// How many page shows at most lie between a participant and the end
    /// of their app (bounds the skipping of pages not displayed).
    pub fn pages_left(&self, p: &ParticipantRecord) -> usize {
        self.stages
            .iter()
            .skip(p.app as usize)
            .map(|s| ((s.end_page - s.first_page) * s.rounds) as usize)
            .sum::<usize>()
            + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{AppInfo, Page, PageKind};

    /// consent (None, 1 round: Consent), game (pairs, 2 rounds: Play,
    /// Wait), survey (None: Survey).
    fn info() -> ExperimentInfo {
        let page = |name: &str| Page {
            name: name.into(),
            body: String::new(),
            kind: PageKind::Normal,
            next_button: true,
        };
        let app = |name: &str, pages: &[&str], rounds, k| AppInfo {
            name: name.into(),
            pages: pages.iter().map(|p| p.to_string()).collect(),
            rounds,
            players_per_group: k,
            app_after_pages: Vec::new(),
        };
        ExperimentInfo {
            name: "p".into(),
            players_per_group: 0,
            rounds: 1,
            pages: ["Consent", "Play", "Wait", "Survey"]
                .into_iter()
                .map(page)
                .collect(),
            page_files: None,
            apps: vec![
                app("consent", &["Consent"], 1, 0),
                app("game", &["Play", "Wait"], 2, 2),
                app("survey", &["Survey"], 1, 0),
            ],
            session_configs: Vec::new(),
            hooks: Default::default(),
            admin_views: Default::default(),
        }
    }

    fn participant(id: u32) -> ParticipantRecord {
        ParticipantRecord {
            code: format!("c{id}"),
            session: "s".into(),
            participant_id: id,
            group_id: 1,
            id_in_group: id,
            page_index: 0,
            round: 1,
            finished: false,
            deadline_ms: None,
            arrived_ms: None,
            app: 0,
        }
    }

    #[test]
    fn groups_are_numbered_through_the_apps() {
        let seq = AppSequence::new(&info(), &[], 4, &Grouping::default()).unwrap();
        // consent: group 1 of 4; game: groups 2, 3; survey: group 4.
        assert_eq!(seq.members_of(1), Some(vec![1, 2, 3, 4]));
        assert_eq!(seq.members_of(2), Some(vec![1, 2]));
        assert_eq!(seq.members_of(3), Some(vec![3, 4]));
        assert_eq!(seq.members_of(4), Some(vec![1, 2, 3, 4]));
        assert_eq!(seq.members_of(5), None);
        assert_eq!(seq.stage_of_group(3), Some(1));
    }

    /// Participant `id`'s places from the first page to the end: (app,
    /// round, page, group, id in group).
    fn path(seq: &AppSequence, id: u32) -> Vec<(u32, u32, u32, u32, u32)> {
        let mut p = participant(id);
        seq.enter(&mut p, 0);
        let mut path = Vec::new();
        while !p.finished {
            path.push((p.app, p.round, p.page_index, p.group_id, p.id_in_group));
            seq.step(&mut p);
        }
        path
    }

    #[test]
    fn a_participant_plays_each_app_for_its_rounds_then_the_next() {
        let seq = AppSequence::new(&info(), &[], 4, &Grouping::default()).unwrap();
        assert_eq!(
            path(&seq, 3),
            [
                (0, 1, 0, 1, 3),
                (1, 1, 1, 3, 1),
                (1, 1, 2, 3, 1),
                (1, 2, 1, 3, 1),
                (1, 2, 2, 3, 1),
                (2, 1, 3, 4, 3),
            ]
        );
    }

    #[test]
    fn with_groups_per_round_a_matrix_regroups_its_round() {
        let grouping = Grouping {
            per_round: true,
            matrices: vec![(1, 2, vec![vec![4, 1], vec![2, 3]])],
        };
        let seq = AppSequence::new(&info(), &[], 4, &grouping).unwrap();
        // consent takes ids 1-4 (a round's room), game's round 1 5-8, its
        // round 2 9-12, survey 13-16.
        assert_eq!(
            path(&seq, 3),
            [
                (0, 1, 0, 1, 3),
                (1, 1, 1, 6, 1),
                (1, 1, 2, 6, 1),
                (1, 2, 1, 10, 2),
                (1, 2, 2, 10, 2),
                (2, 1, 3, 13, 3),
            ]
        );
        assert_eq!(seq.members_of(10), Some(vec![2, 3]));
        assert_eq!(seq.members_of(9), Some(vec![4, 1]));
        assert_eq!(seq.members_of(6), Some(vec![3, 4]));
        let bad = Grouping {
            per_round: true,
            matrices: vec![(1, 1, vec![vec![1, 2]])],
        };
        assert!(matches!(
            AppSequence::new(&info(), &[], 4, &bad),
            Err(SequenceError::BadMatrix {
                app: 1,
                round: 1,
                ..
            })
        ));
    }

    #[test]
    fn a_config_plays_its_apps_only_and_checks_sizes() {
        let seq = AppSequence::new(&info(), &["survey".into()], 3, &Grouping::default()).unwrap();
        assert_eq!(seq.stage(0).map(|s| s.first_page), Some(3));
        assert_eq!(
            AppSequence::new(&info(), &["game".into()], 3, &Grouping::default()),
            Err(SequenceError::BadSize {
                app: "game".into(),
                asked: 3,
                players_per_group: 2
            })
        );
        assert_eq!(
            AppSequence::new(&info(), &["nope".into()], 2, &Grouping::default()),
            Err(SequenceError::UnknownApp("nope".into()))
        );
        let all = AppSequence::new(&info(), &[], 2, &Grouping::default()).unwrap();
        assert_eq!(all.upcoming(0), ["game", "survey"]);
        assert_eq!(all.later_app(0, "survey"), Some(2));
        assert_eq!(all.later_app(1, "consent"), None);
    }
}
