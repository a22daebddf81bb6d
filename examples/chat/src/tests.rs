//! The chat, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::{Chat, MAX_CHARS};

fn msg(from: u32, to: Option<u32>, text: &str) -> Value {
    json!({"from": from, "to": to, "text": text})
}

#[test]
fn a_group_message_reaches_everyone_and_is_logged() {
    let mut h = Harness::<Chat>::new();
    let got = h.send(1, json!({"text": "  hello  "})).unwrap();
    for id in 1..=3 {
        assert_eq!(got.to(id), [msg(1, None, "hello")]);
    }
    assert_eq!(
        h.rows("messages")[0].3,
        json!({"to": null, "text": "hello"})
    );
}

#[test]
fn a_private_message_reaches_its_recipient_and_the_sender() {
    let mut h = Harness::<Chat>::new();
    let got = h.send(1, json!({"text": "psst", "to": 3})).unwrap();
    assert_eq!(got.to(3), [msg(1, Some(3), "psst")]);
    assert_eq!(got.to(1), [msg(1, Some(3), "psst")]);
    assert!(got.to(2).is_empty());
    let got = h.send(2, json!({"text": "note to self", "to": 2})).unwrap();
    assert_eq!(got.recipients(), [2]);
    assert_eq!(got.to(2).len(), 1);
    let got = h.send(2, json!({"text": "all", "to": null})).unwrap();
    assert_eq!(got.recipients(), [1, 2, 3]);
}

#[test]
fn history_shows_what_the_sender_may_see() {
    let mut h = Harness::<Chat>::new();
    assert!(h.send(2, json!({})).unwrap().is_empty());
    h.send(1, json!({"text": "hi all"})).unwrap();
    h.send(1, json!({"text": "to 3", "to": 3})).unwrap();
    h.send(3, json!({"text": "to 1", "to": 1})).unwrap();
    h.send(2, json!({"text": "to 1 from 2", "to": 1})).unwrap();
    let of = |h: &mut Harness<Chat>, id| h.send(id, json!({})).unwrap().to(id);
    assert_eq!(
        of(&mut h, 1),
        [
            msg(1, None, "hi all"),
            msg(1, Some(3), "to 3"),
            msg(3, Some(1), "to 1"),
            msg(2, Some(1), "to 1 from 2")
        ]
    );
    assert_eq!(
        of(&mut h, 2),
        [msg(1, None, "hi all"), msg(2, Some(1), "to 1 from 2")]
    );
    assert_eq!(
        of(&mut h, 3),
        [
            msg(1, None, "hi all"),
            msg(1, Some(3), "to 3"),
            msg(3, Some(1), "to 1")
        ]
    );
    let got = h.send(3, json!({})).unwrap();
    assert!(
        got.to(1).is_empty() && got.to(2).is_empty(),
        "history is private"
    );
}

#[test]
fn bad_messages_are_refused_clearly_and_not_logged() {
    let mut h = Harness::<Chat>::new();
    let long = "x".repeat(MAX_CHARS + 1);
    let cases = [
        (json!({"text": ""}), "needs some text"),
        (json!({"text": "   "}), "needs some text"),
        (
            json!({"text": long}),
            "at most 500 characters long (this one has 501)",
        ),
        (json!({"text": 5}), "must be a string"),
        (json!({"to": 2}), "send {\"text\""),
        (
            json!({"text": "hi", "to": 4}),
            "no player with id_in_group 4",
        ),
        (
            json!({"text": "hi", "to": "2"}),
            "\"to\" must be a player's id",
        ),
        (
            json!({"text": "hi", "to": -1}),
            "\"to\" must be a player's id",
        ),
        (json!("hello"), "an object like"),
    ];
    for (data, wanted) in cases {
        let e = h.send(1, data.clone()).unwrap_err();
        assert!(e.contains(wanted), "{data}: {e}");
    }
    assert!(h.rows("messages").is_empty());
    let ok = "é".repeat(MAX_CHARS);
    assert!(
        h.send(1, json!({ "text": ok })).is_ok(),
        "the limit counts characters"
    );
}

#[test]
fn groups_do_not_hear_each_other() {
    let mut h = Harness::<Chat>::with_groups(2);
    let got = h.send(4, json!({"text": "group 2"})).unwrap();
    assert_eq!(got.group_id(), 2);
    assert!(got.to_participant(1).is_empty());
    assert_eq!(got.to_participant(6), [msg(1, None, "group 2")]);
    assert!(h.send(1, json!({})).unwrap().is_empty());
}

#[test]
fn scenario_replays() {
    run_scenario::<Chat>(include_str!("../scenario.json")).unwrap();
}
