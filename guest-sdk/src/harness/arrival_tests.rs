//! Tests of oTree's group_by_arrival_time_method in the harness: the rule
//! gets the round's waiting players in the host's order and answers with
//! participant ids, its writes kept (none on an error or a group of
//! players who do not wait, refused as on the host), 0 players per group
//! allowed with a rule only, describe truthful, and wrong declarations
//! named.

use super::*;
use crate::prelude::*;
use crate::{Subsession, WaitPage};

/// Groups of two players of the same colour (a participant field), two
/// rounds, 0 players per group; the rule notes what it was given.
struct Colours;

impl Experiment for Colours {
    fn info() -> Info {
        Info::new("colours", 0)
            .page(Page::wait("Matching"))
            .page(Page::normal("Play", "{{ block content }}{{ endblock }}"))
            .rounds(2)
    }
}

impl OtreePages for Colours {
    fn session_hooks() -> SessionHooks {
        SessionHooks::new()
            .creating_session()
            .wait_page(WaitPage::new("Matching").group_by_arrival_time())
            .group_by_arrival_time_method()
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        for p in subsession.get_players()? {
            let colour = if p.participant_id() % 2 == 1 {
                "red"
            } else {
                "blue"
            };
            p.participant().set("colour", colour)?;
        }
        Ok(())
    }

    fn group_by_arrival_time_method<'a>(
        subsession: &Subsession<'a>,
        waiting_players: &[Player<'a>],
    ) -> Result<Option<Vec<Player<'a>>>> {
        let seen: Vec<(u32, u32)> = waiting_players
            .iter()
            .map(|p| (p.participant_id(), p.round()))
            .collect();
        subsession.set("seen", &seen)?;
        subsession.update("asked", 0u32, |n| *n += 1)?;
        if subsession.config()?["fail"] == json!(true) {
            bail!("no colours today");
        }
        for (i, p) in waiting_players.iter().enumerate() {
            let colour: Option<String> = p.participant().get("colour")?;
            for q in &waiting_players[i + 1..] {
                if q.participant().get::<String>("colour")? == colour {
                    // The later arrival first.
                    q.set("matched", &true)?;
                    p.set("matched", &true)?;
                    return Ok(Some(vec![*q, *p]));
                }
            }
        }
        Ok(None)
    }
}

#[test]
fn the_rule_gets_the_waiting_players_and_answers_with_their_ids() {
    assert_eq!(crate::hooks::arrival_apps::<Colours>(), ["colours"]);
    let hooks = crate::hooks::describe::<Colours>();
    assert!(hooks.wait_pages[0].group_by_arrival_time);
    let mut h = Harness::<Colours>::otree(6, json!({})).unwrap();
    assert_eq!(h.participant_value(3, "colour"), Some(json!("red")));

    assert_eq!(h.group_by_arrival_time(1, &[2, 3]).unwrap(), None);
    let seen =
        |h: &Harness<Colours>, round: u32| h.session_value(&format!("subsession.{round}.seen"));
    assert_eq!(seen(&h, 1), Some(json!([[2, 1], [3, 1]])));
    // 3 and 5 are red: the later first, as the rule orders them.
    assert_eq!(
        h.group_by_arrival_time(1, &[2, 3, 5]).unwrap(),
        Some(vec![5, 3])
    );
    assert_eq!(seen(&h, 1), Some(json!([[2, 1], [3, 1], [5, 1]])));
    // Its writes are kept: players' and the subsession's.
    let matched = |h: &Harness<Colours>, p: u32, round: u32| {
        h.value_of(
            Whose::Player {
                participant_id: p,
                round,
            },
            "matched",
        )
    };
    assert_eq!(matched(&h, 3, 1), Some(json!(true)));
    assert_eq!(matched(&h, 5, 1), Some(json!(true)));
    assert_eq!(matched(&h, 2, 1), None);
    assert_eq!(h.session_value("subsession.1.asked"), Some(json!(2)));

    // Round 2's players, in the order the host names them.
    assert_eq!(
        h.group_by_arrival_time(2, &[4, 6]).unwrap(),
        Some(vec![6, 4])
    );
    assert_eq!(seen(&h, 2), Some(json!([[4, 2], [6, 2]])));
    assert_eq!(matched(&h, 4, 2), Some(json!(true)));
    assert_eq!(matched(&h, 4, 1), None);
    // Nobody waiting: the rule is still asked, and waits.
    assert_eq!(h.group_by_arrival_time(2, &[]).unwrap(), None);
    assert_eq!(seen(&h, 2), Some(json!([])));
}

#[test]
fn a_failing_rule_keeps_nothing_and_says_where() {
    let mut h = Harness::<Colours>::otree(4, json!({"fail": true})).unwrap();
    let error = h.group_by_arrival_time(1, &[1, 3]).unwrap_err();
    assert_eq!(
        error,
        "group_by_arrival_time_method of round 1: no colours today"
    );
    assert_eq!(h.session_value("subsession.1.seen"), None);
    assert_eq!(h.session_value("subsession.1.asked"), None);

    let mut h = Harness::<Colours>::otree(4, json!({})).unwrap();
    let error = h.group_by_arrival_time(1, &[1, 7]).unwrap_err();
    assert_eq!(
        error,
        "round 1 has no player of participant 7, who is waiting"
    );
    let error = h.group_by_arrival_time(3, &[1]).unwrap_err();
    assert_eq!(error, "colours has no round 3 (it has 1 to 2)");
}

#[test]
fn a_rule_must_be_declared_with_its_page_and_implemented() {
    // group_by_arrival_time with 0 players per group and no rule.
    struct NoRule;
    impl Experiment for NoRule {
        fn info() -> Info {
            Info::new("norule", 0).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for NoRule {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(WaitPage::new("Matching").group_by_arrival_time())
        }
    }
    let error = Harness::<NoRule>::otree(2, json!({})).unwrap_err();
    assert!(
        error.contains(
            "not 0 (or the app forms its own: declare SessionHooks::group_by_arrival_time_method)"
        ),
        "{error}"
    );
    assert!(crate::hooks::arrival_apps::<NoRule>().is_empty());

    // Pairs of the app's size, no rule: not asked.
    struct Pairs;
    impl Experiment for Pairs {
        fn info() -> Info {
            Info::new("pairs", 2).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for Pairs {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(WaitPage::new("Matching").group_by_arrival_time())
        }
    }
    assert!(crate::hooks::arrival_apps::<Pairs>().is_empty());
    let mut h = Harness::<Pairs>::otree(2, json!({})).unwrap();
    assert_eq!(
        h.group_by_arrival_time(1, &[1, 2]).unwrap_err(),
        "pairs has no group_by_arrival_time_method: declare it in OtreePages::session_hooks, SessionHooks::new().group_by_arrival_time_method()"
    );

    // A rule without a page that groups by arrival time.
    struct Pageless;
    impl Experiment for Pageless {
        fn info() -> Info {
            Info::new("pageless", 2).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for Pageless {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().group_by_arrival_time_method()
        }
    }
    let error = Harness::<Pageless>::otree(2, json!({})).unwrap_err();
    assert!(
        error.contains("session_hooks declares group_by_arrival_time_method, but no wait page groups by arrival time"),
        "{error}"
    );
    assert!(crate::hooks::arrival_apps::<Pageless>().is_empty());

    // Declared, not implemented.
    struct Unwritten;
    impl Experiment for Unwritten {
        fn info() -> Info {
            Info::new("unwritten", 0).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for Unwritten {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new()
                .wait_page(WaitPage::new("Matching").group_by_arrival_time())
                .group_by_arrival_time_method()
        }
    }
    assert_eq!(crate::hooks::arrival_apps::<Unwritten>(), ["unwritten"]);
    let mut h = Harness::<Unwritten>::otree(2, json!({})).unwrap();
    let error = h.group_by_arrival_time(1, &[1, 2]).unwrap_err();
    assert!(
        error.contains("session_hooks declares group_by_arrival_time_method, but OtreePages::group_by_arrival_time_method is not implemented"),
        "{error}"
    );
}

#[test]
fn a_group_of_players_not_waiting_is_refused_as_on_the_host() {
    /// Returns the players the session config names, whoever waits.
    struct Picks;
    impl Experiment for Picks {
        fn info() -> Info {
            Info::new("picks", 0).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for Picks {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new()
                .wait_page(WaitPage::new("Matching").group_by_arrival_time())
                .group_by_arrival_time_method()
        }
        fn group_by_arrival_time_method<'a>(
            subsession: &Subsession<'a>,
            _waiting_players: &[Player<'a>],
        ) -> Result<Option<Vec<Player<'a>>>> {
            subsession.set("asked", &true)?;
            let picks: Vec<u32> = serde_json::from_value(subsession.config()?["picks"].clone())?;
            Ok(Some(
                picks
                    .into_iter()
                    .map(|id| subsession.player(id))
                    .collect::<Result<_>>()?,
            ))
        }
    }
    let mut h = Harness::<Picks>::otree(3, json!({"picks": [3, 1]})).unwrap();
    assert_eq!(
        h.group_by_arrival_time(1, &[1, 3]).unwrap(),
        Some(vec![3, 1])
    );
    assert_eq!(h.session_value("subsession.1.asked"), Some(json!(true)));
    let refused = "group_by_arrival_time_method of app picks returned participant 3 for a group, who is not waiting (or is there twice): return some of the waiting players ([1, 2]), each once";
    let mut h = Harness::<Picks>::otree(3, json!({"picks": [1, 3]})).unwrap();
    assert_eq!(h.group_by_arrival_time(1, &[1, 2]).unwrap_err(), refused);
    assert_eq!(h.session_value("subsession.1.asked"), None);
    let mut h = Harness::<Picks>::otree(3, json!({"picks": [1, 1]})).unwrap();
    assert!(
        h.group_by_arrival_time(1, &[1, 2])
            .unwrap_err()
            .contains("returned participant 1 for a group, who is not waiting (or is there twice)")
    );
    // An empty group is none: they wait.
    let mut h = Harness::<Picks>::otree(3, json!({"picks": []})).unwrap();
    assert_eq!(h.group_by_arrival_time(1, &[1, 2]).unwrap(), None);
    assert_eq!(h.session_value("subsession.1.asked"), Some(json!(true)));
}

#[test]
fn a_panicking_rule_is_an_error_that_keeps_nothing() {
    struct Panics;
    impl Experiment for Panics {
        fn info() -> Info {
            Info::new("panics", 0).page(Page::wait("Matching"))
        }
    }
    impl OtreePages for Panics {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new()
                .wait_page(WaitPage::new("Matching").group_by_arrival_time())
                .group_by_arrival_time_method()
        }
        fn group_by_arrival_time_method<'a>(
            subsession: &Subsession<'a>,
            waiting_players: &[Player<'a>],
        ) -> Result<Option<Vec<Player<'a>>>> {
            subsession.set("x", &1)?;
            let last = waiting_players.len() + 1;
            Ok(Some(vec![waiting_players[last]]))
        }
    }
    let mut h = Harness::<Panics>::otree(2, json!({})).unwrap();
    let error = h.group_by_arrival_time(1, &[1, 2]).unwrap_err();
    assert!(error.starts_with("the experiment crashed: "), "{error}");
    assert_eq!(h.session_value("subsession.1.x"), None);
}
