//! The countdown, run natively in the harness (sleeps return at once).

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::Countdown;

#[test]
fn the_first_page_starts_the_countdown_and_everyone_gets_every_tick() {
    let mut h = Harness::<Countdown>::new();
    let got = h.send(1, json!({"start": 3})).unwrap();
    let ticks: Vec<Value> = (0..=3)
        .rev()
        .map(|n| json!({"remaining": n}))
        .chain([json!({"type": "done"})])
        .collect();
    assert_eq!(got.to(1), ticks);
    assert_eq!(got.to(2), ticks);
    assert_eq!(h.group_value(1, "remaining"), Some(json!(0)));
    // Later page loads are told it is over; now the page may be left.
    assert_eq!(
        h.send(2, json!({"start": 3})).unwrap().to(2),
        [json!({"type": "done"})]
    );
    h.next(2, json!({})).unwrap();
}

#[test]
fn the_page_cannot_be_left_before_the_end_and_bad_lengths_are_refused() {
    let mut h = Harness::<Countdown>::new();
    assert!(h.next(1, json!({})).unwrap_err().contains("wait until"));
    let e = h.send(1, json!({"start": 0})).unwrap_err();
    assert!(e.contains("1 to 600 seconds"), "{e}");
}

#[test]
fn scenario() {
    run_scenario::<Countdown>(include_str!("../scenario.json")).unwrap();
}
