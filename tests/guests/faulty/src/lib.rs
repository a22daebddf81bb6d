//! A guest built for the host's tests: it misbehaves on request. Written
//! against the raw WIT bindings (not the SDK), so that it can do what the
//! SDK would never let an experiment do.
//!
//! Two players per group, one round, pages `act` (live, no next button) and
//! `end` (normal). A live message `{"do": WHAT, ...}` on `act`:
//! - `echo`: `{0: data["value"]}` (any JSON value)
//! - `to`: one message per id in `data["to"]`, payload `data["value"]`
//! - `count`: increments group key `n`, broadcasts the new value
//! - `trap`: sets `n` to 999, then panics
//! - `loop`: sets `n` to 999, then loops forever
//! - `memory`: sets `n` to 999, then allocates without bound
//! - `bad-json`: replies with the payload `not json`
//! - `bad-id`: replies to id 99
//! - `big`: replies with a JSON string of `data["bytes"]` bytes
//! - `many`: returns `data["n"]` messages to the group
//! - `err`: sets `n` to 999, then returns `err("refused by guest")`
//! - `hidden`: returns a counter kept in guest memory (a static)
//! - `state-errors`: tries invalid writes, returns the error texts
//! - `log`: appends `{"v": data["value"]}` to table `t`, returns the group's rows
//! - `session`: increments session key `s` (shared by all groups)
//! - `sandbox`: reports what the sandbox lets it see: environment
//!   variables, arguments, the root directory, the clock, a hash seed
//!
//! before-next on `act` with form `{"do": "trap"}` panics, `{"do": "err"}`
//! refuses with "stay here", anything else lets the player go (after
//! setting player key `left`).

// The generated bindings' export shims take many arguments.
#![allow(clippy::too_many_arguments)]

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{Value, json};

wit_bindgen::generate!({ world: "experiment", path: "../../../wit" });

use livehost::experiment::types::{Owner, RowFilter};
use livehost::experiment::{log, state};

struct Faulty;

static HIDDEN: AtomicU32 = AtomicU32::new(0);

fn msg(to: u32, payload: &Value) -> Message {
    Message {
        to,
        payload: payload.to_string(),
    }
}

fn set_n(v: u64) -> Result<(), String> {
    state::set(Owner::Group, "n", &v.to_string())
}

impl Guest for Faulty {
    fn info() -> ExperimentInfo {
        use livehost::experiment::types::{Page, PageKind};
        ExperimentInfo {
            name: "faulty".into(),
            players_per_group: 2,
            rounds: 2,
            pages: vec![
                Page {
                    name: "act".into(),
                    body: "<p>act</p>".into(),
                    kind: PageKind::Live,
                    next_button: false,
                },
                Page {
                    name: "end".into(),
                    body: "<p>end of round {{ round_number }}</p>".into(),
                    kind: PageKind::Normal,
                    next_button: true,
                },
                // Held until both players of the group are here; then the
                // next round (or, after round 2, the end).
                Page {
                    name: "together".into(),
                    body: String::new(),
                    kind: PageKind::Wait,
                    next_button: false,
                },
            ],
        }
    }

    fn live_method(_page: String, player: Player, data: String) -> Result<Vec<Message>, String> {
        let data: Value = serde_json::from_str(&data).map_err(|e| e.to_string())?;
        let value = data.get("value").cloned().unwrap_or(Value::Null);
        match data.get("do").and_then(Value::as_str).unwrap_or("") {
            "echo" => Ok(vec![msg(0, &value)]),
            "to" => Ok(data
                .get("to")
                .and_then(Value::as_array)
                .map(|ids| {
                    ids.iter()
                        .filter_map(Value::as_u64)
                        .map(|id| msg(id as u32, &value))
                        .collect()
                })
                .unwrap_or_default()),
            "count" => {
                let n: u64 = state::get(Owner::Group, "n")?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
                    + 1;
                set_n(n)?;
                Ok(vec![msg(0, &json!(n))])
            }
            "trap" => {
                set_n(999)?;
                panic!("the guest panicked on purpose");
            }
            "loop" => {
                set_n(999)?;
                let mut x = 0u64;
                loop {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            }
            "memory" => {
                set_n(999)?;
                // Reserve (memory.grow) without touching the pages: it reaches
                // the cap in a few steps, long before the call's deadline,
                // even on a loaded machine.
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(Vec::with_capacity(8 << 20));
                    std::hint::black_box(&hoard);
                }
            }
            "grow" => {
                // Keep `value` MiB reserved for the instance's life: its
                // linear memory grows and stays grown.
                let mib = value.as_u64().unwrap_or(1) as usize;
                let kept = Vec::<u8>::with_capacity(mib << 20);
                std::mem::forget(std::hint::black_box(kept));
                Ok(vec![msg(0, &json!("grown"))])
            }
            "bad-json" => Ok(vec![Message {
                to: 0,
                payload: "not json".into(),
            }]),
            "bad-id" => Ok(vec![msg(99, &json!("hi"))]),
            "big" => {
                let n = data.get("bytes").and_then(Value::as_u64).unwrap_or(0) as usize;
                Ok(vec![msg(player.id_in_group, &json!("x".repeat(n)))])
            }
            "many" => {
                let n = data.get("n").and_then(Value::as_u64).unwrap_or(0);
                Ok((0..n).map(|i| msg(0, &json!(i))).collect())
            }
            "err" => {
                set_n(999)?;
                Err("refused by guest".into())
            }
            "hidden" => Ok(vec![msg(
                player.id_in_group,
                &json!(HIDDEN.fetch_add(1, Ordering::Relaxed) + 1),
            )]),
            "state-errors" => {
                let errors: Vec<String> = [
                    state::set(Owner::Group, "k", "{not json"),
                    state::set(Owner::Player(7), "k", "1"),
                    state::set(Owner::Group, "", "1"),
                    log::append("bad table!", "{}").map(|_| ()),
                    log::append("t", "[1]").map(|_| ()),
                ]
                .into_iter()
                .filter_map(Result::err)
                .collect();
                Ok(vec![msg(player.id_in_group, &json!(errors))])
            }
            "log" => {
                log::append("t", &json!({"v": value}).to_string())?;
                let rows = log::query(
                    "t",
                    RowFilter {
                        id_in_group: None,
                        round: None,
                    },
                )?;
                let rows: Vec<Value> = rows
                    .iter()
                    .map(|r| json!({"id": r.id, "by": r.id_in_group, "fields": serde_json::from_str::<Value>(&r.fields).unwrap_or(Value::Null)}))
                    .collect();
                Ok(vec![msg(player.id_in_group, &json!(rows))])
            }
            "session" => {
                let s: u64 = state::get(Owner::Session, "s")?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
                    + 1;
                state::set(Owner::Session, "s", &s.to_string())?;
                Ok(vec![msg(player.id_in_group, &json!(s))])
            }
            "sandbox" => {
                let fs = match std::fs::read_dir("/") {
                    Ok(_) => "listed /".to_string(),
                    Err(e) => e.to_string(),
                };
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(u64::MAX);
                // std seeds hash maps from WASI randomness.
                let hash = {
                    use std::hash::{BuildHasher, RandomState};
                    RandomState::new().hash_one(1u8)
                };
                Ok(vec![msg(
                    player.id_in_group,
                    &json!({
                        "env": std::env::vars().count(),
                        "args": std::env::args().count(),
                        "fs": fs,
                        "now": now,
                        "hash": hash.to_string(),
                    }),
                )])
            }
            other => Err(format!("unknown action {other:?}")),
        }
    }

    fn before_next(_page: String, player: Player, form: String) -> Result<(), String> {
        let form: Value = serde_json::from_str(&form).map_err(|e| e.to_string())?;
        match form.get("do").and_then(Value::as_str).unwrap_or("") {
            "trap" => panic!("before-next panicked on purpose"),
            "err" => Err("stay here".into()),
            _ => state::set(Owner::Player(player.id_in_group), "left", "true"),
        }
    }
}

export!(Faulty);
