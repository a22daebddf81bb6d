//! The shared counter, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::SharedCounter;

#[test]
fn each_increment_is_broadcast_and_the_sender_gets_the_total() {
    let mut h = Harness::<SharedCounter>::new();
    let got = h.send(2, json!({"times": 3})).unwrap();
    let ticks: Vec<Value> = (1..=3).map(|c| json!({"counter": c, "by": 2})).collect();
    assert_eq!(got.to(1), ticks);
    let mut own = ticks.clone();
    own.push(json!({"done": 3, "counter": 3}));
    assert_eq!(got.to(2), own);
    assert_eq!(h.group_value(1, "counter"), Some(json!(3)));
    assert_eq!(h.send(4, json!({})).unwrap().to(4), [json!({"counter": 3})]);
    assert!(
        h.send(1, json!({"times": 0}))
            .unwrap_err()
            .contains("1 to 1000")
    );
}

#[test]
fn scenario() {
    run_scenario::<SharedCounter>(include_str!("../scenario.json")).unwrap();
}
