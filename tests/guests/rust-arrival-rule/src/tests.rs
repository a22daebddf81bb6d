//! The rule in the harness: pairs by colour in the order players wait,
//! notes arrivals once, and lets a player who waited too long play alone.

use livehost_guest::Whose;
use livehost_guest::harness::Harness;
use serde_json::{Value, json};

use super::{ArrivalRule, now_ms};

fn session(config: Value) -> Harness<ArrivalRule> {
    Harness::<ArrivalRule>::otree(5, config).unwrap()
}

fn matched_by(h: &Harness<ArrivalRule>, participant: u32) -> Option<Value> {
    h.value_of(
        Whose::Player {
            participant_id: participant,
            round: 1,
        },
        "matched_by",
    )
}

#[test]
fn pairs_the_first_two_of_a_colour() {
    let mut h = session(json!({"colours": ["red", "blue", "red", "blue", "green"]}));
    assert_eq!(h.participant_value(5, "colour"), Some(json!("green")));
    assert_eq!(h.group_by_arrival_time(1, &[1, 2]).unwrap(), None);
    // Each arrival is noted by the first call that sees it, and kept.
    let first = h.participant_value(1, "arrived_ms").unwrap();
    assert!(h.participant_value(2, "arrived_ms").is_some());
    assert_eq!(h.participant_value(3, "arrived_ms"), None);
    assert_eq!(
        h.group_by_arrival_time(1, &[1, 2, 3, 4]).unwrap(),
        Some(vec![1, 3])
    );
    assert_eq!(h.participant_value(1, "arrived_ms"), Some(first));
    assert_eq!(matched_by(&h, 1), Some(json!("colour")));
    assert_eq!(matched_by(&h, 3), Some(json!("colour")));
    assert_eq!(matched_by(&h, 2), None);
    assert_eq!(
        h.group_by_arrival_time(1, &[2, 4, 5]).unwrap(),
        Some(vec![2, 4])
    );
    assert_eq!(h.group_by_arrival_time(1, &[5]).unwrap(), None);
}

#[test]
fn a_player_who_waited_too_long_plays_alone() {
    let mut h = session(json!({"colours": ["red", "blue", "green"], "wait_limit": 30}));
    let now = now_ms().unwrap();
    // 2 came 20 s ago, 3 a minute ago: 3 plays alone, 2 waits on.
    h.set_participant_value(2, "arrived_ms", json!(now - 20_000));
    h.set_participant_value(3, "arrived_ms", json!(now - 60_000));
    assert_eq!(
        h.group_by_arrival_time(1, &[1, 2, 3]).unwrap(),
        Some(vec![3])
    );
    assert_eq!(matched_by(&h, 3), Some(json!("time")));
    assert_eq!(h.group_by_arrival_time(1, &[1, 2]).unwrap(), None);
    // A pair comes before the clock: 4 is red, like 1.
    h.set_participant_value(1, "arrived_ms", json!(now - 60_000));
    assert_eq!(
        h.group_by_arrival_time(1, &[1, 2, 4]).unwrap(),
        Some(vec![1, 4])
    );
    assert_eq!(matched_by(&h, 4), Some(json!("colour")));
}

#[test]
fn colours_alternate_without_a_config_and_an_empty_list_is_refused() {
    let h = session(json!({}));
    assert_eq!(h.participant_value(3, "colour"), Some(json!("red")));
    assert_eq!(h.participant_value(4, "colour"), Some(json!("blue")));
    let error = Harness::<ArrivalRule>::otree(2, json!({"colours": []})).unwrap_err();
    assert!(error.contains("must name at least one colour"), "{error}");
}
