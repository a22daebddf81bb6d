//! Ten messages, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::TenMessages;

#[test]
fn nine_messages_get_no_reply_and_count() {
    let mut h = Harness::<TenMessages>::new();
    for i in 0..9 {
        assert!(h.send(1 + i % 2, json!({"text": "hi"})).unwrap().is_empty());
    }
    assert_eq!(h.group_value(1, "num_messages"), Some(json!(9)));
    assert_eq!(h.group_value(1, "game_finished"), None);
}

#[test]
fn the_tenth_message_finishes_the_game_for_the_group() {
    let mut h = Harness::<TenMessages>::new();
    for _ in 0..9 {
        h.send(1, json!("x")).unwrap();
    }
    let got = h.send(2, json!(42)).unwrap();
    let finished = || json!({"type": "game_finished"});
    assert_eq!(got.to(1), [finished()]);
    assert_eq!(got.to(2), [finished()]);
    assert_eq!(h.group_value(1, "game_finished"), Some(json!(true)));
    // Later messages keep saying so (the seed's `>= 10`).
    assert_eq!(h.send(1, json!("more")).unwrap().to(2), [finished()]);
    assert_eq!(h.group_value(1, "num_messages"), Some(json!(11)));
}

#[test]
fn status_on_load_is_not_a_message() {
    let mut h = Harness::<TenMessages>::new();
    let got = h.send(1, json!({})).unwrap();
    assert_eq!(got.to(1), [json!({"type": "progress", "num_messages": 0})]);
    assert!(got.to(2).is_empty());
    h.send(2, json!("a")).unwrap();
    assert_eq!(
        h.send(2, json!({})).unwrap().to(2),
        [json!({"type": "progress", "num_messages": 1})]
    );
    for _ in 0..9 {
        h.send(1, json!("b")).unwrap();
    }
    assert_eq!(
        h.send(2, json!({})).unwrap().to(2),
        [json!({"type": "game_finished"})]
    );
}

#[test]
fn nobody_leaves_before_ten_messages() {
    let mut h = Harness::<TenMessages>::new();
    assert!(!h.info().pages[0].next_button);
    for _ in 0..9 {
        h.send(1, json!("x")).unwrap();
    }
    let e = h.next(1, json!({})).unwrap_err();
    assert_eq!(e, "you need to stay until 10 messages are sent");
    assert_eq!(h.page(1), Some("Chat"));
    h.send(1, json!("x")).unwrap();
    h.next(1, json!({})).unwrap();
    h.next(2, json!({})).unwrap();
    assert_eq!((h.page(1), h.page(2)), (Some("Results"), Some("Results")));
    h.next(1, json!({})).unwrap();
    assert!(h.is_finished(1));
}

#[test]
fn groups_count_separately() {
    let mut h = Harness::<TenMessages>::with_groups(2);
    for _ in 0..10 {
        h.send(1, json!("x")).unwrap();
    }
    assert!(h.next(3, json!({})).unwrap_err().contains("need to stay"));
    assert_eq!(h.group_value(3, "num_messages"), None);
}

#[test]
fn scenario_replays() {
    run_scenario::<TenMessages>(include_str!("../scenario.json")).unwrap();
}
