//! The market played natively in the SDK's harness, with its session
//! hooks: the same session as the integration test plays on the server.

use livehost_guest::Whose;
use livehost_guest::harness::Harness;
use serde_json::{Value, json};

use super::Market;

fn session() -> Harness<Market> {
    Harness::<Market>::otree(4, json!({"multiplier": 3})).unwrap()
}

/// Sends `data` from participant `p`; the reply to `p`.
fn ask(h: &mut Harness<Market>, p: u32, data: Value) -> Value {
    let got = h.send(p, data).unwrap();
    got.to_participant(p).pop().unwrap()
}

#[test]
fn creating_session_sets_roles_treatments_labels_and_regroups_each_round() {
    let h = session();
    assert_eq!(h.groups(1), [vec![1, 3], vec![2, 4]]);
    assert_eq!(h.groups(2), [vec![3, 1], vec![4, 2]]);
    let role = |p, r| {
        h.value_of(
            Whose::Player {
                participant_id: p,
                round: r,
            },
            "role",
        )
    };
    assert_eq!(role(1, 1), Some(json!("buyer")));
    assert_eq!(role(3, 1), Some(json!("seller")));
    assert_eq!(role(1, 2), Some(json!("seller")));
    assert_eq!(role(3, 2), Some(json!("buyer")));
    let treatment = |g| {
        h.value_of(
            Whose::Group {
                number: g,
                round: 1,
            },
            "treatment",
        )
    };
    assert_eq!(treatment(1), Some(json!("high")));
    assert_eq!(treatment(2), Some(json!("low")));
    assert_eq!(h.participant_value(4, "label"), Some(json!("P4")));
    assert_eq!(h.session_value("subsession.2.multiplier"), Some(json!(3)));
    // Everyone passed the Start wait page: its hook made the offers.
    assert_eq!(h.page(1), Some("Trade"));
    assert_eq!(h.rows("offer").len(), 4);
}

#[test]
fn a_failing_creating_session_makes_no_session() {
    let error = Harness::<Market>::otree(4, json!({"fail": true})).unwrap_err();
    assert!(
        error.contains("creating_session of round 1: the session config asks"),
        "{error}"
    );
}

#[test]
fn offers_are_made_on_arrival_changed_live_settled_and_ranked_with_payoffs() {
    let mut h = session();
    let list = ask(&mut h, 1, json!({"op": "list"}));
    assert_eq!(list["owners"], json!([1, 3]));
    assert_eq!(list["amounts"], json!([10, 20]));
    assert_eq!(list["same"], json!(true));
    let ids: Vec<u64> = serde_json::from_value(list["ids"].clone()).unwrap();

    // Raising is told to the whole group.
    let got = h
        .send(1, json!({"op": "raise", "id": ids[0], "by": 5}))
        .unwrap();
    assert_eq!(got.to_participant(3), got.to_participant(1));
    assert_eq!(got.to_participant(1)[0]["amounts"], json!([15, 20]));
    let left = ask(&mut h, 3, json!({"op": "withdraw", "id": ids[1]}));
    assert_eq!(left["amounts"], json!([15]));
    // Another group's offers and state are not this group's to change.
    let error = h
        .send(2, json!({"op": "withdraw", "id": ids[0]}))
        .unwrap_err();
    assert!(error.contains("your group has no offer"), "{error}");
    let error = h.send(2, json!({"op": "meddle"})).unwrap_err();
    assert!(error.contains("belongs to another group"), "{error}");
    let more = ask(&mut h, 4, json!({"op": "offer", "amount": 7}));
    assert_eq!(more["amounts"], json!([10, 20, 7]));

    for p in 1..=4 {
        h.submit(p, json!({})).unwrap();
    }
    assert!(h.hook_errors().is_empty(), "{:?}", h.hook_errors());
    // Settled: open offers × 3; the second group's 111 ranks first (+1).
    let results: Vec<Value> = (1..=4).map(|p| h.show(p).unwrap().variables).collect();
    let seen: Vec<(Value, Value, Value, Value)> = results
        .iter()
        .map(|v| {
            (
                v["role"].clone(),
                v["treatment"].clone(),
                v["rank"].clone(),
                v["payoff"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (json!("buyer"), json!("high"), json!(2), json!(45)),
            (json!("buyer"), json!("low"), json!(1), json!(31)),
            (json!("seller"), json!("high"), json!(2), json!(0)),
            (json!("seller"), json!("low"), json!(1), json!(82)),
        ]
    );
    // Late was not displayed in round 1: its hook did not run.
    assert_eq!(results[0]["late"], json!("no"));
    assert_eq!(results[0]["offers"], json!(4));
    assert_eq!(h.rows("ranking").len(), 2);

    for p in 1..=4 {
        h.submit(p, json!({})).unwrap();
    }
    // Round 2: new groups, ids swapped, new offers.
    let history = ask(&mut h, 1, json!({"op": "history"}));
    assert_eq!(
        history,
        json!({"payoffs": [45, 0], "others": ["buyer"], "earlier_roles": ["buyer"], "label": "P1",
               "role": "seller", "treatment": "high", "group": 1, "id_in_group": 2, "multiplier": 3})
    );
    for p in 1..=4 {
        h.submit(p, json!({})).unwrap();
    }
    let results: Vec<Value> = (1..=4).map(|p| h.show(p).unwrap().variables).collect();
    assert_eq!(results[0]["payoff"], json!(61));
    assert_eq!(results[0]["rank"], json!(1));
    assert_eq!(results[0]["late"], json!("yes"));
    // participant.payoff sums the rounds: what Payments pays.
    let payoffs: Vec<Value> = (1..=4)
        .map(|p| h.participant_value(p, "payoff").unwrap())
        .collect();
    assert_eq!(
        payoffs,
        [json!(106.0), json!(92.0), json!(31.0), json!(113.0)]
    );
}

/// The market played to its end (both rounds), as the integration test
/// plays it.
fn played() -> Harness<Market> {
    let mut h = session();
    let ids: Vec<u64> =
        serde_json::from_value(ask(&mut h, 1, json!({"op": "list"}))["ids"].clone()).unwrap();
    h.send(1, json!({"op": "raise", "id": ids[0], "by": 5}))
        .unwrap();
    h.send(3, json!({"op": "withdraw", "id": ids[1]})).unwrap();
    h.send(4, json!({"op": "offer", "amount": 7})).unwrap();
    for _ in 0..3 {
        for p in 1..=4 {
            h.submit(p, json!({})).unwrap();
        }
    }
    for p in 1..=4 {
        h.submit(p, json!({})).unwrap();
    }
    assert!((1..=4).all(|p| h.is_finished(p)));
    h
}

#[test]
fn the_admin_report_sees_every_group_of_the_round_with_subsession_session_and_c() {
    let mut h = played();
    let report = h.admin_report(1).unwrap();
    assert_eq!(
        (
            &report["groups"],
            &report["total"],
            &report["multiplier"],
            &report["best"]
        ),
        (&json!(2), &json!(158), &json!(3), &json!(2))
    );
    assert_eq!(report["subsession"]["round_number"], json!(1));
    assert_eq!(report["session"]["config"]["multiplier"], json!(3));
    assert_eq!(report["C"]["NUM_ROUNDS"], json!(2));
    let second = h.admin_report(2).unwrap();
    assert_eq!(
        (&second["total"], &second["best"]),
        (&json!(184), &json!(1))
    );
    let error = h.admin_report(3).unwrap_err();
    assert!(error.contains("market has no round 3"), "{error}");
}

#[test]
fn custom_exports_write_every_player_round_by_round_as_otree_writes_cells() {
    let mut h = played();
    let rows = h.custom_export("custom_export").unwrap();
    let text: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
    // Each row ends with its participant's code and the session's.
    let code = |p: u32| h.participant_code(p).unwrap().to_owned();
    let session = h.session_code().to_owned();
    let want: Vec<String> = [
        "round,participant,role,payoff,buyer,late,code,session".to_owned(),
        format!("1,1,buyer,45,1,,{},{session}", code(1)),
        format!("1,2,buyer,31,1,,{},{session}", code(2)),
        format!("1,3,seller,0,0,,{},{session}", code(3)),
        format!("1,4,seller,82,0,,{},{session}", code(4)),
        format!("2,1,seller,61,0,1,{},{session}", code(1)),
        format!("2,2,seller,61,0,1,{},{session}", code(2)),
        format!("2,3,buyer,31,1,1,{},{session}", code(3)),
        format!("2,4,buyer,31,1,1,{},{session}", code(4)),
    ]
    .into();
    assert_eq!(text, want);
    let offers = h.custom_export("custom_export_offers").unwrap();
    assert_eq!(offers[0], ["round", "owner", "amount", "open"]);
    assert_eq!(
        offers[1..4],
        [
            ["1", "1", "15", "1"],
            ["1", "2", "10", "1"],
            ["1", "4", "20", "1"]
        ]
    );
    let error = h.custom_export("custom_export_bids").unwrap_err();
    assert!(
        error.contains("market has no custom export \"custom_export_bids\""),
        "{error}"
    );
}

#[test]
fn a_live_message_reads_its_own_participants_code_only() {
    let mut h = session();
    let own = ask(&mut h, 3, json!({"op": "code", "of": 3}));
    assert_eq!(
        own,
        json!({"mine": h.participant_code(3), "session": h.session_code(), "of": h.participant_code(3)})
    );
    // Participant 1 is in the same group, 2 in another: both refused.
    for other in [1, 2] {
        let error = h.send(3, json!({"op": "code", "of": other})).unwrap_err();
        assert!(
            error.contains(&format!(
                "participant {other}'s code is their secret link: a page or live method reads its own participant's only (custom_export and creating_session read any)"
            )),
            "{error}"
        );
    }
}
