//! Tests of oTree's session model in the harness: the subsession's rules
//! on what a call may change (the host's), regrouping, rows of other groups
//! and of the session, and declarations of hooks that do not match the
//! app.

use super::*;
use crate::prelude::*;
use crate::{Subsession, Whose};

/// Six players in groups of two, two rounds: a live page, then a wait page
/// for all groups.
struct Lab;

impl Experiment for Lab {
    fn info() -> Info {
        Info::new("lab", 2)
            .rounds(2)
            .page(Page::live("Play", ""))
            .page(Page::wait("All"))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let me = player.id_in_group();
        let sub = player.subsession();
        match data["op"].as_str().unwrap_or_default() {
            "mine" => {
                // Its own group's players, in any round, and its group now.
                for p in player.group().players() {
                    p.in_round(2)?.set("seen", &true)?;
                }
                player.group().set("g", &1)?;
                Ok(Replies::none())
            }
            "other-player" => {
                sub.player(if player.participant_id() == 1 { 3 } else { 1 })?
                    .set("x", &1)?;
                Ok(Replies::none())
            }
            "other-round-group" => {
                player.group().in_round(2)?.set("x", &1)?;
                Ok(Replies::none())
            }
            "regroup" => {
                sub.set_group_matrix(vec![vec![1, 2], vec![3, 4], vec![5, 6]])?;
                Ok(Replies::none())
            }
            "row" => {
                let id = player.table("t").append(&json!({"v": 1}))?;
                Ok(Replies::to(me, id))
            }
            "update" => {
                let id = data["id"].as_u64().unwrap_or(0);
                player.table("t").update(id, &json!({"v": 2}))?;
                Ok(Replies::none())
            }
            "remove" => {
                let id = data["id"].as_u64().unwrap_or(0);
                player.table("t").remove(id)?;
                Ok(Replies::none())
            }
            "all" => {
                let all = player.table("t").all_rows::<Value>()?;
                let mine = player.table("t").group_rows::<Value>(&player.group())?;
                Ok(Replies::to(me, json!([all.len(), mine.len()])))
            }
            "bad-round" => Ok(Replies::to(
                me,
                player.in_round(9).map(|_| ()).unwrap_err().to_string(),
            )),
            other => bail!("unknown op {other}"),
        }
    }
}

impl OtreePages for Lab {
    fn session_hooks() -> SessionHooks {
        SessionHooks::new().creating_session().wait_page(
            WaitPage::new("All")
                .wait_for_all_groups()
                .after_all_players_arrive(),
        )
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        if subsession.round() == 1 {
            subsession.group_randomly(true)?;
        } else {
            subsession.group_like_round(1)?;
        }
        Ok(())
    }

    fn after_all_groups_arrive(subsession: &Subsession, _page: &str) -> Result<()> {
        // Anything of the app: every group's state, rows for any group.
        for group in subsession.get_groups()? {
            group.set("all_here", &true)?;
            group
                .table("t")
                .append_for_group(&group, &json!({"v": 9}))?;
        }
        Ok(())
    }
}

fn lab() -> Harness<Lab> {
    Harness::<Lab>::otree(6, json!({})).unwrap()
}

/// The participant with `id` in group 1 of round 1.
fn in_group_one(h: &Harness<Lab>, id: usize) -> u32 {
    h.groups(1)[0][id - 1]
}

#[test]
fn group_randomly_with_fixed_ids_keeps_each_id_in_group_and_group_like_round_copies() {
    let h = lab();
    let matrix = h.groups(1);
    assert_eq!(matrix.len(), 3);
    for (column, ids) in [[1, 3, 5], [2, 4, 6]].iter().enumerate() {
        let mut seen: Vec<u32> = matrix.iter().map(|g| g[column]).collect();
        seen.sort_unstable();
        assert_eq!(&seen, ids, "id in group {} keeps its players", column + 1);
    }
    assert_eq!(h.groups(2), matrix);
    // The draw is the call's: sessions are grouped differently.
    let drawn: std::collections::HashSet<Vec<Vec<u32>>> =
        (0..20).map(|_| lab().groups(1)).collect();
    assert!(drawn.len() > 1, "20 sessions grouped alike: {drawn:?}");
    // Seats follow the matrix.
    let p = in_group_one(&h, 2);
    assert_eq!(h.player(p).unwrap().group_id, 1);
    assert_eq!(h.player(p).unwrap().id_in_group, 2);
}

#[test]
fn a_live_call_changes_its_own_group_only_and_may_not_regroup() {
    let mut h = lab();
    let p = in_group_one(&h, 1);
    h.send(p, json!({"op": "mine"})).unwrap();
    let other = in_group_one(&h, 2);
    let seen = Whose::Player {
        participant_id: other,
        round: 2,
    };
    assert_eq!(h.value_of(seen, "seen"), Some(json!(true)));
    assert_eq!(h.group_value(p, "g"), Some(json!(1)));

    let outsider = h.groups(1)[1][0];
    let error = h
        .send(outsider, json!({"op": "other-round-group"}))
        .unwrap_err();
    assert!(
        error.contains("group 2 of round 2 belongs to another group"),
        "{error}"
    );
    let error = h.send(p, json!({"op": "regroup"})).unwrap_err();
    assert!(
        error.contains("groups are set in creating_session only"),
        "{error}"
    );
    let bad = h.send(p, json!({"op": "bad-round"})).unwrap();
    assert!(
        bad.to(1)[0]
            .as_str()
            .unwrap()
            .contains("the experiment's app has no round 9"),
        "{bad:?}"
    );
}

#[test]
fn rows_of_another_group_are_read_but_not_changed_and_all_groups_hook_reaches_every_group() {
    let mut h = lab();
    let (a, b) = (h.groups(1)[0][0], h.groups(1)[1][0]);
    let id = h.send(a, json!({"op": "row"})).unwrap().to(1)[0].clone();
    h.send(b, json!({"op": "row"})).unwrap();
    let error = h.send(b, json!({"op": "update", "id": id})).unwrap_err();
    assert!(error.contains("belongs to another group"), "{error}");
    let error = h.send(b, json!({"op": "remove", "id": id})).unwrap_err();
    assert!(error.contains("belongs to another group"), "{error}");
    let error = h.send(b, json!({"op": "update", "id": 99})).unwrap_err();
    assert!(error.contains("has no row 99"), "{error}");
    h.send(a, json!({"op": "update", "id": id})).unwrap();
    assert_eq!(h.rows("t")[0].3, json!({"v": 2}));
    assert_eq!(
        h.send(a, json!({"op": "all"})).unwrap().to(1)[0],
        json!([2, 1])
    );
    h.send(a, json!({"op": "remove", "id": id})).unwrap();
    assert_eq!(h.rows("t").len(), 1);

    // Everybody on the wait page for all groups: its hook runs once.
    for p in 1..=6 {
        h.next(p, json!({})).unwrap();
        assert_eq!(h.round(p), Some(if p < 6 { 1 } else { 2 }), "{p}");
    }
    for number in 1..=3 {
        let group = Whose::Group { number, round: 1 };
        assert_eq!(h.value_of(group, "all_here"), Some(json!(true)));
    }
    assert_eq!(h.rows("t").len(), 4);
    assert!(h.hook_errors().is_empty());
}

#[test]
fn hooks_declared_for_pages_the_app_does_not_have_or_not_implemented_are_named() {
    struct Wrong;
    impl Experiment for Wrong {
        fn info() -> Info {
            Info::new("wrong", 1)
                .page(Page::normal("A", ""))
                .page(Page::wait("W"))
        }
    }
    impl OtreePages for Wrong {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(WaitPage::new("A").after_all_players_arrive())
        }
    }
    let error = Harness::<Wrong>::otree(1, json!({})).unwrap_err();
    assert!(error.contains("but A is not a wait page"), "{error}");

    struct Unwritten;
    impl Experiment for Unwritten {
        fn info() -> Info {
            <Wrong as Experiment>::info()
        }
    }
    impl OtreePages for Unwritten {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(WaitPage::new("W").after_all_players_arrive())
        }
    }
    let mut h = Harness::<Unwritten>::otree(1, json!({})).unwrap();
    h.next(1, json!({})).unwrap();
    // The hook failed: the player stays on the wait page, and why is kept.
    assert_eq!(h.page(1), Some("W"));
    assert!(
        h.hook_errors()[0].contains("OtreePages::after_all_players_arrive is not implemented"),
        "{:?}",
        h.hook_errors()
    );
}

#[test]
fn a_wait_page_not_displayed_is_passed_at_once_and_its_hook_does_not_run() {
    struct Skip;
    impl Experiment for Skip {
        fn info() -> Info {
            Info::new("skip", 2)
                .page(Page::wait("W"))
                .page(Page::normal("End", ""))
        }
    }
    impl OtreePages for Skip {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new()
                .wait_page(WaitPage::new("W").is_displayed().after_all_players_arrive())
        }
        fn is_displayed(_player: &Player, _page: &str) -> Result<bool> {
            Ok(false)
        }
        fn after_all_players_arrive(group: &Group, _page: &str) -> Result<()> {
            group.set("ran", &true)
        }
    }
    let h = Harness::<Skip>::otree(2, json!({})).unwrap();
    assert_eq!(h.page(1), Some("End"));
    assert_eq!(h.group_value(1, "ran"), None);
}
