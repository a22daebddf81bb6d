//! Differential property test of the transaction rules: random state and
//! log operations, in random calls of random participants (some of which
//! then fail), run through the host's call transaction (the `ops` guest as
//! a component, its imports served by `livehost::runtime::Call`, committed
//! to redb) and through the Rust SDK's native harness (the same guest code
//! on the harness's in-memory copy of the host's rules). Every call's
//! outcome (each operation's value or error text, or the call's error)
//! must be the same, and so must a final read of every key and table.
//! `LIVEHOST_DIFF_CASES=2000` runs a long one.

use livehost_tests::{TestHost, ops_guest, rt};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// Participants of a session (two groups of two).
const PARTICIPANTS: u32 = 4;

fn owner() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(json!("session")),
        4 => Just(json!("group")),
        4 => (0u32..=3).prop_map(|n| json!(["player", n])),
        2 => (0u32..=3).prop_map(|n| json!(["participant", n])),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from),
        1 => Just(String::new()),
        1 => Just("k".repeat(256)),
        1 => Just("k".repeat(257)),
        1 => Just("é".repeat(129)),
    ]
}

/// JSON text for `set`: values of every kind, and text that is not JSON;
/// with `surrogates`, a string escape of a lone UTF-16 surrogate too.
fn json_text(surrogates: bool) -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
        prop::collection::vec(any::<i32>(), 0..3).prop_map(Value::from),
        (".{0,3}", any::<u8>()).prop_map(|(k, v)| json!({ k: v })),
    ];
    let mut bad = vec!["not json", "{\"a\":", "", "[1,]", " 1 ", "1 2"];
    if surrogates {
        bad.push("\"\\ud800\"");
    }
    prop_oneof![
        8 => value.prop_map(|v| v.to_string()),
        1 => prop::sample::select(bad).prop_map(String::from),
    ]
}

fn table() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["t", "u"]).prop_map(String::from),
        1 => prop::sample::select(vec!["", "bad name", "é", "a-b_C9"]).prop_map(String::from),
        1 => Just("x".repeat(64)),
        1 => Just("x".repeat(65)),
    ]
}

fn fields() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (prop::sample::select(vec!["v", "w"]), any::<i16>()).prop_map(|(k, v)| json!({ k: v })),
        1 => Just(json!({})),
        1 => Just(json!([1])),
        1 => Just(json!("text")),
        1 => Just(json!(null)),
    ]
}

fn op(strict: bool) -> impl Strategy<Value = Value> {
    let round = prop_oneof![Just(Value::Null), (0u32..=2).prop_map(Value::from)];
    let player = prop_oneof![Just(Value::Null), (0u32..=3).prop_map(Value::from)];
    prop_oneof![
        4 => (owner(), key()).prop_map(|(o, k)| json!(["get", o, k])),
        5 => (owner(), key(), json_text(strict)).prop_map(|(o, k, v)| json!(["set", o, k, v])),
        2 => (owner(), key()).prop_map(|(o, k)| json!(["delete", o, k])),
        3 => (table(), fields()).prop_map(|(t, f)| json!(["append", t, f])),
        2 => (table(), player, round).prop_map(|(t, p, r)| json!(["query", t, p, r])),
        1 => Just(json!(["players"])),
    ]
}

/// A call: the sender (1..=4) and its message.
fn call(strict: bool) -> impl Strategy<Value = (u32, Value)> {
    (
        1..=PARTICIPANTS,
        prop::collection::vec(op(strict), 0..6),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(p, ops, fail)| (p, json!({ "ops": ops, "fail": fail })))
}

/// Final calls that read everything back: every owner's keys and every
/// table, from one member of each group.
fn read_back() -> Vec<(u32, Value)> {
    let mut ops = Vec::new();
    for o in [
        json!("session"),
        json!("group"),
        json!(["player", 1]),
        json!(["player", 2]),
        json!(["participant", 1]),
        json!(["participant", 2]),
    ] {
        for k in ["a", "b", "c"] {
            ops.push(json!(["get", o, k]));
        }
    }
    for t in ["t", "u"] {
        ops.push(json!(["query", t, null, null]));
    }
    vec![(1, json!({ "ops": ops })), (3, json!({ "ops": ops }))]
}

/// `outcome` with the parser's detail cut from "is not valid JSON: ..."
/// texts. The host checks JSON with `IgnoredAny`, the harness by parsing a
/// `Value`, and serde_json words some errors differently for the two
/// ("expected value" / "trailing comma" at the same place); that both
/// refuse, with the same text up to the detail, is still compared.
fn without_json_detail(outcome: Value) -> Value {
    match outcome {
        // A call that failed on purpose: its operations' outcomes, as JSON.
        Value::String(s) if s.starts_with("failing on purpose after ") => {
            let after = &s["failing on purpose after ".len()..];
            json!({ "failed after": without_json_detail(
                serde_json::from_str(after).unwrap_or_else(|e| panic!("{e}: {s}"))
            ) })
        }
        Value::String(s) => match s.find("is not valid JSON: ") {
            Some(i) => Value::String(format!("{}is not valid JSON: (detail)", &s[..i])),
            None => Value::String(s),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(without_json_detail).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, without_json_detail(v)))
                .collect(),
        ),
        other => other,
    }
}

/// `outcomes` with each row id (`{"row": id}`) replaced by its rank among
/// the row ids that appear, so that only their order is compared; the ids
/// given out in calls that failed are not compared (they are dropped).
fn rows_ranked(outcomes: &mut [Value]) {
    fn drop_ids(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if o.contains_key("row") {
                    o.insert("row".into(), json!("dropped"));
                }
                o.values_mut().for_each(drop_ids);
            }
            Value::Array(a) => a.iter_mut().for_each(drop_ids),
            _ => {}
        }
    }
    fn collect(v: &Value, ids: &mut std::collections::BTreeSet<u64>) {
        match v {
            Value::Object(o) => {
                if let Some(id) = o.get("row").and_then(Value::as_u64) {
                    ids.insert(id);
                }
                o.values().for_each(|v| collect(v, ids));
            }
            Value::Array(a) => a.iter().for_each(|v| collect(v, ids)),
            _ => {}
        }
    }
    fn rank(v: &mut Value, ids: &[u64]) {
        match v {
            Value::Object(o) => {
                if let Some(id) = o.get("row").and_then(Value::as_u64) {
                    let r = ids.iter().position(|&i| i == id).unwrap() + 1;
                    o.insert("row".into(), json!(r));
                }
                o.values_mut().for_each(|v| rank(v, ids));
            }
            Value::Array(a) => a.iter_mut().for_each(|v| rank(v, ids)),
            _ => {}
        }
    }
    for o in outcomes.iter_mut() {
        if let Some(failed) = o.get_mut("err").and_then(|e| e.get_mut("failed after")) {
            drop_ids(failed);
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    outcomes.iter().for_each(|o| collect(o, &mut ids));
    let ids: Vec<u64> = ids.into_iter().collect();
    outcomes.iter_mut().for_each(|o| rank(o, &ids));
}

/// The outcomes of `calls` in the harness (a process of the ops crate).
fn in_harness(runner: &std::path::Path, calls: &[(u32, Value)]) -> Vec<Value> {
    use std::io::Write;
    let mut child = std::process::Command::new(runner)
        .arg(PARTICIPANTS.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the ops harness");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(calls).unwrap().as_bytes())
        .expect("write the calls");
    let out = child.wait_with_output().expect("the harness's outcomes");
    assert!(
        out.status.success(),
        "the harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| without_json_detail(serde_json::from_str(l).expect("an outcome line")))
        .collect()
}

/// The outcomes of `calls` in a new session of the host.
async fn in_host(h: &TestHost, sha: &str, calls: &[(u32, Value)]) -> Vec<Value> {
    let session = h
        .host
        .create_session(sha, PARTICIPANTS)
        .await
        .expect("a session");
    let mut outcomes = Vec::new();
    for (p, data) in calls {
        let sender = &session.participants[*p as usize - 1];
        assert_eq!(sender.participant_id, *p);
        let outcome = match h
            .host
            .live_message(&sender.code, None, &data.to_string())
            .await
        {
            Ok(deliveries) => json!({"ok": deliveries
                .iter()
                .filter(|d| d.participant_id == *p)
                .map(|d| serde_json::from_str::<Value>(&d.payload).expect("a JSON payload"))
                .collect::<Vec<_>>()}),
            Err(e) => json!({ "err": e.to_string() }),
        };
        outcomes.push(without_json_detail(outcome));
    }
    outcomes
}

#[test]
fn the_harness_applies_the_hosts_transaction_rules() {
    differ(false);
}

/// As above, with row ids compared as numbers and a lone surrogate
/// (`"\ud800"`) among the values set: the harness leaves a gap for the rows
/// of a call that failed, as the host does (the store's invariant), and both
/// refuse a lone surrogate as invalid JSON.
#[test]
fn the_harness_numbers_rows_and_checks_json_as_the_host_does() {
    differ(true);
}

fn differ(strict: bool) {
    let (component, runner) = ops_guest();
    let cases = std::env::var("LIVEHOST_DIFF_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    let rt = rt();
    let h = TestHost::new();
    let bytes = std::fs::read(&component).expect("the ops component");
    let sha = rt
        .block_on(h.host.add_experiment(&bytes))
        .expect("upload the ops guest")
        .sha;
    let mut runner_ = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner_
        .run(&prop::collection::vec(call(strict), 1..12), |mut calls| {
            calls.extend(read_back());
            let mut native = in_harness(&runner, &calls);
            let mut host = rt.block_on(in_host(&h, &sha, &calls));
            if !strict {
                rows_ranked(&mut native);
                rows_ranked(&mut host);
            }
            for (i, (call, (n, hst))) in calls.iter().zip(native.iter().zip(&host)).enumerate() {
                prop_assert_eq!(
                    n,
                    hst,
                    "call {} of {} ({:?}): harness (left) and host (right) differ",
                    i + 1,
                    calls.len(),
                    call
                );
            }
            prop_assert_eq!(native.len(), host.len());
            Ok(())
        })
        .unwrap();
}
