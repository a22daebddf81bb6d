//! Tests of the harness itself, with a small experiment that exercises
//! every part of the SDK.

use super::*;
use crate::prelude::*;
use crate::{Owner, Reply};

/// Two players, two rounds: a live page, a wait page, a normal page.
struct Probe;

impl Experiment for Probe {
    fn info() -> Info {
        Info::new("probe", 2)
            .rounds(2)
            .page(Page::live("Play", "<p>play</p>"))
            .page(Page::wait("Wait"))
            .page(Page::normal("Done", "<p>done</p>"))
    }

    fn live_method(player: &Player, page: &str, data: Value) -> Result<Replies> {
        assert_eq!(page, "Play");
        let group = player.group();
        match data["op"].as_str().unwrap_or_default() {
            "count" => {
                let n = group.update("n", 0u32, |n| *n += 1)?;
                player.update("mine", 0u32, |n| *n += 1)?;
                player.participant().update("total", 0u32, |n| *n += 1)?;
                player.session().update("all", 0u32, |n| *n += 1)?;
                Ok(Replies::to_group(n))
            }
            "fail" => {
                group.set("n", &999)?;
                player.table("t").append(&json!({"v": "lost"}))?;
                bail!("refused after writing")
            }
            "panic" => {
                group.set("n", &999)?;
                panic!("boom")
            }
            "to" => {
                let ids: Vec<u32> = serde_json::from_value(data["ids"].clone())?;
                Ok(Replies::to_each(ids, "hi"))
            }
            "log" => {
                player.table("t").append(&json!({"v": data["v"]}))?;
                let rows = player.table("t").rows::<Value>()?;
                let mine = player.table("t").query::<Value>(
                    Filter::new()
                        .player(player.id_in_group())
                        .round(player.round()),
                )?;
                Ok(Replies::to(
                    player.id_in_group(),
                    json!({"all": rows.len(), "mine": mine.len(), "last_id": rows.last().map(|r| r.id)}),
                ))
            }
            "peek" => {
                let other = group.player(3 - player.id_in_group())?;
                let theirs: Option<u32> = other.get("mine")?;
                let players: Vec<u32> =
                    group.players().iter().map(|p| p.participant_id()).collect();
                Ok(Replies::to(
                    player.id_in_group(),
                    json!({"theirs": theirs, "players": players, "others": group.others(player).len(),
                           "size": group.size(), "round": player.round(), "group": group.id()}),
                ))
            }
            "missing" => Ok(Replies::to(
                0,
                group.player(7).map(|_| ()).unwrap_err().to_string(),
            )),
            "typed" => {
                let n: Option<String> = group.get("n")?;
                Ok(Replies::to(1, n))
            }
            "delete" => {
                group.delete("n")?;
                group.delete("never-there")?;
                Ok(Replies::none())
            }
            "raw" => {
                let scope = group.state();
                scope.set_raw("r", "[1, 2]")?;
                let back = scope.get_raw("r")?;
                let bad = scope.set_raw("r", "not json").unwrap_err().to_string();
                Ok(Replies::to(
                    1,
                    json!({"back": back, "bad": bad, "owner": scope.owner().map(|o| o.to_string())}),
                ))
            }
            "scope" => {
                player.scope(Owner::Player(5)).set("x", &1)?;
                Ok(Replies::none())
            }
            other => bail!("unknown op {other:?}"),
        }
    }

    fn before_next(player: &Player, page: &str, form: &Form) -> Result<()> {
        if page == "Play" {
            player.set("tried", &true)?;
            if form.get("ok") != Some("yes") {
                bail!("say yes");
            }
        }
        Ok(())
    }
}

fn op(name: &str) -> Value {
    json!({ "op": name })
}

fn yes() -> Value {
    json!({"ok": "yes"})
}

#[test]
fn state_of_every_owner_is_kept_after_success() {
    let mut h = Harness::<Probe>::new();
    assert_eq!(h.send(1, op("count")).unwrap().to(2), [json!(1)]);
    assert_eq!(h.send(2, op("count")).unwrap().to(1), [json!(2)]);
    assert_eq!(h.group_value(1, "n"), Some(json!(2)));
    assert_eq!(h.player_value(1, "mine"), Some(json!(1)));
    assert_eq!(h.participant_value(2, "total"), Some(json!(1)));
    assert_eq!(h.session_value("all"), Some(json!(2)));
    let peek = h.send(1, op("peek")).unwrap().to(1);
    assert_eq!(
        peek,
        [json!({"theirs": 1, "players": [1, 2], "others": 1, "size": 2, "round": 1, "group": 1})]
    );
}

#[test]
fn an_error_drops_every_write_of_the_call() {
    let mut h = Harness::<Probe>::new();
    h.send(1, op("count")).unwrap();
    let e = h.send(1, op("fail")).unwrap_err();
    assert_eq!(e, "refused after writing");
    assert_eq!(h.group_value(1, "n"), Some(json!(1)));
    assert!(h.rows("t").is_empty());
}

#[test]
fn a_panic_is_an_error_that_drops_the_writes() {
    let mut h = Harness::<Probe>::new();
    let e = h.send(2, op("panic")).unwrap_err();
    assert!(e.starts_with("the experiment crashed: boom"), "{e}");
    assert_eq!(h.group_value(1, "n"), None);
    // The session goes on.
    assert_eq!(h.send(2, op("count")).unwrap().to(1), [json!(1)]);
}

#[test]
fn replies_expand_group_and_check_ids() {
    let mut h = Harness::<Probe>::new();
    let got = h.send(1, json!({"op": "to", "ids": [2, 0, 2]})).unwrap();
    assert_eq!(got.to(1), [json!("hi")]);
    assert_eq!(got.to(2), [json!("hi"), json!("hi"), json!("hi")]);
    assert_eq!(got.recipients(), [1, 2]);
    assert_eq!(got.replies().len(), 3);
    assert!(
        h.send(1, json!({"op": "to", "ids": []}))
            .unwrap()
            .is_empty()
    );
    let e = h.send(1, json!({"op": "to", "ids": [3]})).unwrap_err();
    assert!(
        e.contains("addressed to id_in_group 3, but the group has ids 1 to 2"),
        "{e}"
    );
}

#[test]
fn received_maps_participants_of_other_groups_to_nothing() {
    let raw = vec![(0, "1".to_owned())];
    let got = Received::from_raw(2, &[3, 4], raw).unwrap();
    assert_eq!(got.to_participant(3), [json!(1)]);
    assert_eq!(got.to_participant(4), [json!(1)]);
    assert!(got.to_participant(2).is_empty());
    assert!(got.to_participant(5).is_empty());
    assert_eq!(got.group_id(), 2);
    let bad = Received::from_raw(1, &[1, 2], vec![(1, "not json".to_owned())]).unwrap_err();
    assert!(bad.contains("not valid JSON"), "{bad}");
    assert_eq!(
        Received::from_raw(1, &[1, 2], vec![(2, "[]".into())])
            .unwrap()
            .replies(),
        [Reply {
            to: 2,
            payload: json!([])
        }]
    );
}

#[test]
fn log_rows_are_tagged_and_queried_per_group() {
    let mut h = Harness::<Probe>::with_groups(2);
    h.send(1, json!({"op": "log", "v": 1})).unwrap();
    h.send(2, json!({"op": "log", "v": 2})).unwrap();
    let got = h.send(3, json!({"op": "log", "v": 3})).unwrap().to(1);
    assert_eq!(got, [json!({"all": 1, "mine": 1, "last_id": 3})]);
    let got = h.send(1, json!({"op": "log", "v": 4})).unwrap().to(1);
    assert_eq!(got, [json!({"all": 3, "mine": 2, "last_id": 4})]);
    let rows = h.rows("t");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2], (2, 1, 1, json!({"v": 3})));
}

#[test]
fn state_errors_are_clear() {
    let mut h = Harness::<Probe>::new();
    let got = h.send(1, op("missing")).unwrap().to(1);
    assert_eq!(
        got,
        [json!(
            "there is no player with id_in_group 7 in this group (ids run from 1 to 2)"
        )]
    );
    h.send(1, op("count")).unwrap();
    let e = h.send(1, op("typed")).unwrap_err();
    assert!(
        e.starts_with("state group.n holds 1, which is not a alloc::string::String"),
        "{e}"
    );
    let e = h.send(1, op("scope")).unwrap_err();
    assert!(
        e.contains("state set player 5.x") && e.contains("no player with id_in_group 5"),
        "{e}"
    );
    let raw = h.send(1, op("raw")).unwrap().to(1).remove(0);
    assert_eq!(raw["back"], json!("[1, 2]"));
    assert_eq!(raw["owner"], json!("group"));
    let bad = raw["bad"].as_str().unwrap();
    assert!(
        bad.starts_with("state set group.r: the value for key \"r\" is not valid JSON"),
        "{bad}"
    );
    h.send(1, op("delete")).unwrap();
    assert_eq!(h.group_value(1, "n"), None);
    assert!(h.send(1, op("nope")).unwrap_err().contains("unknown op"));
}

#[test]
fn live_messages_only_on_the_live_page_the_participant_is_on() {
    let mut h = Harness::<Probe>::new();
    let e = h.send_on(1, "Done", op("count")).unwrap_err();
    assert!(
        e.contains(r#"sent from page "Done", but you are on page "Play""#),
        "{e}"
    );
    h.next(1, yes()).unwrap();
    assert_eq!(h.page(1), Some("Wait"));
    let e = h.send(1, op("count")).unwrap_err();
    assert!(e.contains(r#"page "Wait" is not a live page"#), "{e}");
    assert!(
        h.send(9, op("count"))
            .unwrap_err()
            .contains("no participant 9")
    );
    assert!(h.send(0, op("count")).is_err());
}

#[test]
fn before_next_refusal_keeps_the_player_and_drops_writes() {
    let mut h = Harness::<Probe>::new();
    assert_eq!(h.next(1, json!({})).unwrap_err(), "say yes");
    assert_eq!(h.page(1), Some("Play"));
    assert_eq!(h.player_value(1, "tried"), None);
    let e = h.next(1, json!({"ok": 1})).unwrap_err();
    assert!(e.contains("must be a string"), "{e}");
    h.next(1, yes()).unwrap();
    assert_eq!(h.player_value(1, "tried"), Some(json!(true)));
}

#[test]
fn wait_pages_rounds_and_the_end() {
    let mut h = Harness::<Probe>::new();
    h.send(1, op("count")).unwrap();
    h.next(1, yes()).unwrap();
    assert_eq!(h.page(1), Some("Wait"));
    assert!(h.next(1, json!({})).unwrap_err().contains("wait page"));
    h.next(2, yes()).unwrap();
    assert_eq!((h.page(1), h.page(2)), (Some("Done"), Some("Done")));
    h.next(1, json!({})).unwrap();
    assert_eq!((h.page(1), h.round(1)), (Some("Play"), Some(2)));
    // Round 2: fresh group and player state, same participant state.
    assert_eq!(h.group_value(1, "n"), None);
    assert_eq!(h.send(1, op("count")).unwrap().to(1), [json!(1)]);
    assert_eq!(h.participant_value(1, "total"), Some(json!(2)));
    let peek = h.send(1, op("peek")).unwrap().to(1);
    assert_eq!(peek[0]["round"], json!(2));
    h.next(1, yes()).unwrap();
    assert_eq!(h.page(1), Some("Wait"), "player 2 is still in round 1");
    assert_eq!((h.page(2), h.round(2)), (Some("Done"), Some(1)));
    h.next(2, json!({})).unwrap();
    assert_eq!(h.page(1), Some("Wait"));
    h.next(2, yes()).unwrap();
    assert_eq!((h.page(1), h.page(2)), (Some("Done"), Some("Done")));
    h.next(1, json!({})).unwrap();
    assert!(h.is_finished(1));
    assert_eq!(h.page(1), None);
    assert!(h.next(1, json!({})).unwrap_err().contains("finished"));
    assert!(h.send(1, json!(1)).unwrap_err().contains("finished"));
    assert!(!h.is_finished(2));
}

/// A group that starts on a wait page moves past it at once.
struct StartsWaiting;

impl Experiment for StartsWaiting {
    fn info() -> Info {
        Info::new("w", 1)
            .page(Page::wait("W"))
            .page(Page::live("L", ""))
            .page(Page::wait("End"))
    }

    fn live_method(_: &Player, _: &str, data: Value) -> Result<Replies> {
        Ok(Replies::to(1, data))
    }
}

#[test]
fn wait_pages_at_the_start_and_the_end() {
    let mut h = Harness::<StartsWaiting>::new();
    assert_eq!(h.page(1), Some("L"));
    assert_eq!(h.send(1, json!(null)).unwrap().to(1), [json!(null)]);
    h.next(1, json!({})).unwrap();
    assert!(h.is_finished(1));
}

#[test]
fn session_sizes_must_fit_the_groups() {
    assert!(
        Harness::<Probe>::with_participants(3)
            .unwrap_err()
            .contains("groups of 2")
    );
    assert!(Harness::<Probe>::with_participants(0).is_err());
    let h = Harness::<Probe>::with_participants(6).unwrap();
    assert_eq!(h.participants(), 6);
    let p = h.player(5).unwrap();
    assert_eq!(
        (p.group_id, p.id_in_group, p.participant_id, p.round),
        (3, 1, 5, 1)
    );
    assert_eq!(h.info().name, "probe");
}

#[test]
fn rows_carry_the_harness_clock() {
    struct Clock;
    impl Experiment for Clock {
        fn info() -> Info {
            Info::new("c", 1).page(Page::live("L", ""))
        }
        fn live_method(player: &Player, _: &str, _: Value) -> Result<Replies> {
            player.table("t").append(&json!({}))?;
            let times: Vec<u64> = player
                .table("t")
                .rows::<Value>()?
                .iter()
                .map(|r| r.time_ms)
                .collect();
            Ok(Replies::to(1, times))
        }
    }
    let mut h = Harness::<Clock>::new();
    h.send(1, json!(0)).unwrap();
    let got = h.send(1, json!(0)).unwrap().to(1);
    assert_eq!(got, [json!([START_TIME_MS, START_TIME_MS + 1000])]);
}

const SCENARIO: &str = r#"{
  "participants": 2,
  "steps": [
    {"player": 1, "send": {"op": "count"}, "expect": {"1": [1], "2": [1]}},
    {"player": 2, "send": {"op": "to", "ids": []}, "expect": {}},
    {"player": 2, "send": {"op": "fail"}, "error": "refused after"},
    {"player": 2, "page": "Done", "send": {"op": "count"}, "error": "but you are on page"},
    {"player": 1, "next": {}, "refused": "say yes"},
    {"player": 1, "next": {"ok": "yes"}},
    {"player": 2, "send": {"op": "count"}}
  ]
}"#;

#[test]
fn scenarios_replay() {
    run_scenario::<Probe>(SCENARIO).unwrap();
}

#[test]
fn scenario_mismatches_name_the_step() {
    let bad = SCENARIO.replace(
        r#""expect": {"1": [1], "2": [1]}"#,
        r#""expect": {"1": [1]}"#,
    );
    let e = run_scenario::<Probe>(&bad).unwrap_err();
    assert!(
        e.starts_with("step 1 (participant 1 sends {\"op\":\"count\"})"),
        "{e}"
    );
    assert!(
        e.contains("participant 2 should receive [], but received [1]"),
        "{e}"
    );

    let bad = SCENARIO.replace(r#""error": "refused after""#, r#""error": "other text""#);
    let e = run_scenario::<Probe>(&bad).unwrap_err();
    assert!(
        e.contains("step 3") && e.contains("does not contain \"other text\""),
        "{e}"
    );

    let bad = SCENARIO.replace(r#""refused": "say yes""#, r#""refused": "x""#);
    assert!(run_scenario::<Probe>(&bad).unwrap_err().contains("step 5"));

    let bad = SCENARIO.replace(r#"{"ok": "yes"}}"#, r#"{"ok": "yes"}, "refused": "x"}"#);
    let e = run_scenario::<Probe>(&bad).unwrap_err();
    assert!(e.contains("step 6") && e.contains("but succeeded"), "{e}");
}

#[test]
fn scenario_json_is_checked() {
    let parse =
        |steps: &str| Scenario::from_json(&format!(r#"{{"participants": 2, "steps": [{steps}]}}"#));
    let null = parse(r#"{"player": 1, "send": null}"#).unwrap();
    assert_eq!(null.steps[0].send, Some(Value::Null));
    let cases = [
        (
            r#"{"player": 3, "send": 1}"#,
            "player 3 is not in the session",
        ),
        (r#"{"player": 1}"#, "exactly one of"),
        (r#"{"player": 1, "send": 1, "next": {}}"#, "exactly one of"),
        (
            r#"{"player": 1, "send": 1, "refused": "x"}"#,
            "`refused` is for next",
        ),
        (
            r#"{"player": 1, "next": {}, "error": "x"}"#,
            "a next step takes only",
        ),
        (r#"{"player": 1, "next": {"a": 1}}"#, "must be a string"),
        (
            r#"{"player": 1, "send": 1, "expect": {"9": []}}"#,
            "not a participant",
        ),
        (
            r#"{"player": 1, "send": 1, "error": "x", "expect": {}}"#,
            "cannot `expect`",
        ),
        (r#"{"player": 1, "send": 1, "typo": 1}"#, "unknown field"),
    ];
    for (step, wanted) in cases {
        let e = parse(step).unwrap_err();
        assert!(e.contains(wanted), "{step}: {e}");
    }
    let e = run_scenario::<Probe>(r#"{"participants": 3, "steps": []}"#).unwrap_err();
    assert!(e.contains("groups of 2"), "{e}");
}

/// oTree's `PLAYERS_PER_GROUP = None`: one group of the whole session.
struct Everyone;

impl Experiment for Everyone {
    fn info() -> Info {
        Info::new("everyone", 0).page(Page::live("L", ""))
    }

    fn live_method(player: &Player, _: &str, _: Value) -> Result<Replies> {
        Ok(Replies::to_group(json!(player.id_in_group())))
    }
}

#[test]
fn players_per_group_0_is_one_group_of_the_whole_session() {
    let mut h = Harness::<Everyone>::with_participants(3).unwrap();
    let got = h.send(3, json!(null)).unwrap();
    for id in 1..=3 {
        assert_eq!(got.to(id), [json!(3)]);
    }
    let e = std::panic::catch_unwind(Harness::<Everyone>::new)
        .err()
        .and_then(|p| p.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(e.contains("Harness::with_participants(n)"), "{e}");
}
