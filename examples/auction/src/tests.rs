//! The auction's behaviour, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::Auction;

fn bid(id: u32, bid: Value) -> Value {
    json!({"id_in_group": id, "bid": bid})
}

#[test]
fn a_higher_bid_is_stored_and_broadcast() {
    let mut h = Harness::<Auction>::new();
    let got = h.send(1, json!(10)).unwrap();
    assert_eq!(got.to(1), [bid(1, json!(10))]);
    assert_eq!(got.to(2), [bid(1, json!(10))]);
    assert_eq!(got.replies()[0].to, 0);
    assert_eq!(h.group_value(1, "highest_bid"), Some(json!(10)));
    assert_eq!(h.group_value(1, "highest_bidder"), Some(json!(1)));
    let got = h.send(2, json!(12.5)).unwrap();
    assert_eq!(got.to(1), [bid(2, json!(12.5))]);
    assert_eq!(h.group_value(2, "highest_bidder"), Some(json!(2)));
}

#[test]
fn a_lower_or_equal_bid_gets_no_reply_and_changes_nothing() {
    let mut h = Harness::<Auction>::new();
    h.send(1, json!(10)).unwrap();
    assert!(h.send(2, json!(5)).unwrap().is_empty());
    assert!(h.send(2, json!(10)).unwrap().is_empty());
    assert!(h.send(2, json!(0)).unwrap().is_empty());
    assert_eq!(h.group_value(1, "highest_bid"), Some(json!(10)));
    assert_eq!(h.rows("bids").len(), 1);
}

#[test]
fn the_first_bid_must_beat_zero() {
    let mut h = Harness::<Auction>::new();
    assert!(h.send(1, json!(-3)).unwrap().is_empty());
    assert!(h.send(1, json!(0)).unwrap().is_empty());
    assert_eq!(h.group_value(1, "highest_bid"), None);
}

#[test]
fn every_accepted_bid_is_logged_and_replayed_as_history() {
    let mut h = Harness::<Auction>::new();
    assert!(h.send(1, json!({})).unwrap().is_empty());
    h.send(1, json!(3)).unwrap();
    h.send(2, json!(2)).unwrap();
    h.send(2, json!(7)).unwrap();
    let rows = h.rows("bids");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1], (1, 2, 1, json!({"bid": 7})));
    let history = h.send(2, json!({})).unwrap();
    assert_eq!(history.to(2), [bid(1, json!(3)), bid(2, json!(7))]);
    assert!(history.to(1).is_empty(), "history goes to the sender only");
}

#[test]
fn non_numbers_are_refused_with_a_clear_error() {
    let mut h = Harness::<Auction>::new();
    for data in [
        json!("x"),
        json!(null),
        json!([1]),
        json!({"bid": 1}),
        json!(true),
    ] {
        let e = h.send(1, data.clone()).unwrap_err();
        assert!(e.contains("must be a number"), "{data}: {e}");
    }
    assert_eq!(h.rows("bids").len(), 0);
}

#[test]
fn groups_bid_separately() {
    let mut h = Harness::<Auction>::with_groups(2);
    let got = h.send(3, json!(50)).unwrap();
    assert_eq!(got.to_participant(4), [bid(1, json!(50))]);
    assert!(got.to_participant(1).is_empty());
    let got = h.send(1, json!(20)).unwrap();
    assert_eq!(got.to_participant(2), [bid(1, json!(20))]);
    assert!(h.send(2, json!({})).unwrap().to(2).len() == 1);
}

#[test]
fn results_follow_the_auction() {
    let mut h = Harness::<Auction>::new();
    h.next(1, json!({})).unwrap();
    assert_eq!(h.page(1), Some("Results"));
    assert!(
        h.send(1, json!(5))
            .unwrap_err()
            .contains("is not a live page")
    );
    h.next(1, json!({})).unwrap();
    assert!(h.is_finished(1));
}

#[test]
fn scenario_replays() {
    run_scenario::<Auction>(include_str!("../scenario.json")).unwrap();
}
