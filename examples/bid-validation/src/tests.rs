//! Bid validation, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::BidValidation;

fn too_high() -> Value {
    json!({"type": "error", "message": "Bid is too high"})
}

#[test]
fn a_bid_over_99_is_answered_to_the_sender_only_and_not_stored() {
    let mut h = Harness::<BidValidation>::new();
    let got = h.send(1, json!(100)).unwrap();
    assert_eq!(got.to(1), [too_high()]);
    assert!(got.to(2).is_empty());
    assert_eq!(got.to(1).len(), 1);
    assert_eq!(h.send(2, json!(99.5)).unwrap().to(2), [too_high()]);
    assert_eq!(h.group_value(1, "highest_bid"), None);
    assert!(h.rows("bids").is_empty());
}

#[test]
fn valid_bids_work_as_in_the_auction() {
    let mut h = Harness::<BidValidation>::new();
    let got = h.send(1, json!(99)).unwrap();
    assert_eq!(got.to(2), [json!({"id_in_group": 1, "bid": 99})]);
    assert_eq!(h.group_value(1, "highest_bidder"), Some(json!(1)));
    assert!(h.send(2, json!(50)).unwrap().is_empty());
    assert_eq!(
        h.send(2, json!({})).unwrap().to(2),
        [json!({"id_in_group": 1, "bid": 99})]
    );
    assert!(
        h.send(2, json!("99"))
            .unwrap_err()
            .contains("must be a number")
    );
}

#[test]
fn the_page_validates_in_the_browser_too() {
    let body = &BidValidation::info().pages[0].body;
    assert!(body.contains(r#"type="number" max="99" required form="liveform""#));
    assert!(body.contains("liveform.reportValidity()"));
}

#[test]
fn scenario_replays() {
    run_scenario::<BidValidation>(include_str!("../scenario.json")).unwrap();
}
