//! Tests of participants' and the session's codes in the harness (oTree's
//! `participant.code` and `session.code`): a page or live method and a
//! group's wait page hook read their own participant's code only, with
//! the host's error for another's; creating_session, a hook for all groups
//! and a custom export read anyone's.

use super::*;
use crate::prelude::*;
use crate::{Subsession, WaitPage};

/// Four players in groups of two: a live page, a wait page for the group
/// (whose hook reads `participant_code` of the group's second player),
/// then one for all groups.
struct Links;

impl Experiment for Links {
    fn info() -> Info {
        Info::new("links", 2)
            .page(Page::live("Chat", "{{ block content }}{{ endblock }}"))
            .page(Page::wait("Pair"))
            .page(Page::wait("All"))
            .page(Page::normal("End", "{{ block content }}{{ endblock }}"))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let me = player.id_in_group();
        let sub = player.subsession();
        let of = data["of"].as_u64().unwrap_or(0) as u32;
        Ok(Replies::to(
            me,
            json!({
                "mine": player.participant_code()?,
                "of": sub.participant_code(of)?,
                "session": player.session_code()?,
            }),
        ))
    }
}

impl OtreePages for Links {
    fn session_hooks() -> SessionHooks {
        SessionHooks::new()
            .creating_session()
            .wait_page(WaitPage::new("Pair").after_all_players_arrive())
            .wait_page(
                WaitPage::new("All")
                    .wait_for_all_groups()
                    .after_all_players_arrive(),
            )
    }

    fn admin_views() -> AdminViews {
        AdminViews::new().custom_export("custom_export")
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        for p in subsession.get_players()? {
            p.participant()
                .set("code", &subsession.participant_code(p.participant_id())?)?;
        }
        subsession
            .session()
            .set("code", &subsession.session_code()?)
    }

    fn after_all_players_arrive(group: &Group, _page: &str) -> Result<()> {
        let second = group.player(2)?;
        group.set("second", &second.participant_code()?)
    }

    fn after_all_groups_arrive(subsession: &Subsession, _page: &str) -> Result<()> {
        let codes = subsession
            .get_players()?
            .iter()
            .map(Player::participant_code)
            .collect::<Result<Vec<String>>>()?;
        subsession.set("codes", &codes)
    }

    fn custom_export(_function: &str, players: &[Player]) -> Result<Vec<Vec<Value>>> {
        let mut rows = vec![vec![json!("participant"), json!("code"), json!("session")]];
        for p in players {
            rows.push(vec![
                json!(p.participant_id()),
                json!(p.participant_code()?),
                json!(p.session_code()?),
            ]);
        }
        Ok(rows)
    }
}

fn session() -> Harness<Links> {
    Harness::<Links>::otree(4, json!({})).unwrap()
}

/// The host's error for participant `n`'s code read by another's call.
fn refused(n: u32) -> String {
    format!(
        "participant {n}'s code is their secret link: a page or live method reads its own participant's only (custom_export and creating_session read any)"
    )
}

#[test]
fn the_session_and_each_participant_have_their_own_fixed_code() {
    let h = session();
    let codes: Vec<&str> = (1..=4).filter_map(|p| h.participant_code(p)).collect();
    assert_eq!(codes.len(), 4);
    let mut all = codes.clone();
    all.push(h.session_code());
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(
        all.iter().all(|c| c.len() == 20
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))),
        "{all:?}"
    );
    assert_eq!(h.participant_code(5), None);
    assert_eq!(h.participant_code(0), None);
    // The same in every run.
    let again = session();
    assert_eq!(again.participant_code(3), h.participant_code(3));
    assert_eq!(again.session_code(), h.session_code());
}

#[test]
fn a_live_method_reads_its_own_code_and_is_refused_anothers() {
    let mut h = session();
    let got = h.send(2, json!({"of": 2})).unwrap();
    assert_eq!(
        got.to_participant(2),
        [
            json!({"mine": h.participant_code(2), "of": h.participant_code(2), "session": h.session_code()})
        ]
    );
    // Another's, in the group or not, and one the session does not have:
    // the host's error (which says nothing of whether it exists).
    for other in [1, 4, 9] {
        let error = h.send(2, json!({"of": other})).unwrap_err();
        assert!(error.contains(&refused(other)), "{error}");
    }
}

#[test]
fn creating_session_a_hook_for_all_groups_and_custom_exports_read_anyones() {
    let mut h = session();
    for p in 1..=4 {
        assert_eq!(
            h.participant_value(p, "code"),
            h.participant_code(p).map(|c| json!(c))
        );
    }
    assert_eq!(h.session_value("code"), Some(json!(h.session_code())));

    let rows = h.custom_export("custom_export").unwrap();
    let want: Vec<Vec<String>> = std::iter::once(vec![
        "participant".to_owned(),
        "code".to_owned(),
        "session".to_owned(),
    ])
    .chain((1..=4).map(|p| {
        vec![
            p.to_string(),
            h.participant_code(p).unwrap_or_default().to_owned(),
            h.session_code().to_owned(),
        ]
    }))
    .collect();
    assert_eq!(rows, want);

    // The group's hook runs as its first player: the second's code is
    // refused, the group stays on the wait page.
    for p in 1..=4 {
        h.next(p, json!({})).unwrap();
    }
    assert_eq!(h.hook_errors().len(), 2, "{:?}", h.hook_errors());
    assert!(
        h.hook_errors()[0].contains(&refused(2)),
        "{:?}",
        h.hook_errors()
    );
    assert_eq!(h.page(1), Some("Pair"));
}

/// The same app whose group hook reads only its own player's code: the
/// hook for all groups then reads everyone's.
struct OwnLinks;

impl Experiment for OwnLinks {
    fn info() -> Info {
        <Links as Experiment>::info()
    }
}

impl OtreePages for OwnLinks {
    fn session_hooks() -> SessionHooks {
        Links::session_hooks()
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        Links::creating_session(subsession)
    }

    fn after_all_players_arrive(group: &Group, _page: &str) -> Result<()> {
        let first = group.player(1)?;
        group.set("first", &first.participant_code()?)
    }

    fn after_all_groups_arrive(subsession: &Subsession, page: &str) -> Result<()> {
        Links::after_all_groups_arrive(subsession, page)
    }
}

#[test]
fn a_hook_for_all_groups_reads_every_code() {
    let mut h = Harness::<OwnLinks>::otree(4, json!({})).unwrap();
    for p in 1..=4 {
        h.next(p, json!({})).unwrap();
    }
    assert!(h.hook_errors().is_empty(), "{:?}", h.hook_errors());
    assert_eq!(h.page(1), Some("End"));
    assert_eq!(
        h.group_value(1, "first"),
        h.participant_code(1).map(|c| json!(c))
    );
    let codes: Vec<Value> = (1..=4)
        .filter_map(|p| h.participant_code(p).map(|c| json!(c)))
        .collect();
    assert_eq!(h.session_value("subsession.1.codes"), Some(json!(codes)));
}
