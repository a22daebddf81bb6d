//! A guest of the `async-experiment` world, built for the host's tests
//! against the raw WIT bindings. Two players per group, pages `live` (live)
//! and `end` (normal). A live message `{"do": WHAT, ...}`:
//! - `echo`: returns `{0: data["value"]}` at once (no await);
//! - `stream`: `data["n"]` times: sets group key `emitted` to i, emits
//!   `{"i": i}` to the group, sleeps `data["ms"]`; returns `{"done": n}`;
//! - `count`: `data["n"]` times: reads group key `n`, writes n + 1, sleeps
//!   `data["ms"]` (each read-modify-write is one segment); returns the last
//!   value to the sender;
//! - `loop`: emits `{"i": 1}`, sleeps 1 ms, sets `n` to 999, loops forever;
//! - `trap`: emits `{"i": 1}`, sleeps 1 ms, sets `n` to 999, panics;
//! - `err`: emits `{"i": 1}`, sleeps 1 ms, sets `n` to 999, returns an error;
//! - `long`: sleeps `data["ms"]` ms, `data["n"]` times;
//! - `emit-sleep`: emits `data["n"]` messages `{"i": i}` to the sender,
//!   then sleeps `data["ms"]` once (the benchmark's suspended call);
//! - `bad-emit`: emits to id 99.

#![allow(clippy::too_many_arguments)]

use serde_json::{Value, json};

wit_bindgen::generate!({ world: "async-experiment", path: "../../../wit" });

use livehost::experiment::types::Owner;
use livehost::experiment::{io, live, state};

struct Streaming;

fn msg(to: u32, payload: &Value) -> Message {
    Message {
        to,
        payload: payload.to_string(),
    }
}

fn get_n() -> Result<u64, String> {
    Ok(state::get(Owner::Group, "n")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn set(key: &str, v: u64) -> Result<(), String> {
    state::set(Owner::Group, key, &v.to_string())
}

impl Guest for Streaming {
    fn info() -> ExperimentInfo {
        use livehost::experiment::types::{Page, PageKind};
        ExperimentInfo {
            name: "streaming".into(),
            players_per_group: 2,
            rounds: 1,
            pages: vec![
                Page {
                    name: "live".into(),
                    body: "<p>live</p>".into(),
                    kind: PageKind::Live,
                    next_button: true,
                },
                Page {
                    name: "end".into(),
                    body: "<p>end</p>".into(),
                    kind: PageKind::Normal,
                    next_button: true,
                },
            ],
        }
    }

    async fn live_method(
        _page: String,
        _player: Player,
        data: String,
    ) -> Result<Vec<Message>, String> {
        let data: Value = serde_json::from_str(&data).map_err(|e| e.to_string())?;
        let n = data.get("n").and_then(Value::as_u64).unwrap_or(1);
        let ms = data.get("ms").and_then(Value::as_u64).unwrap_or(0) as u32;
        match data.get("do").and_then(Value::as_str).unwrap_or("") {
            "echo" => Ok(vec![msg(0, data.get("value").unwrap_or(&Value::Null))]),
            "stream" => {
                for i in 1..=n {
                    set("emitted", i)?;
                    live::emit(&msg(0, &json!({ "i": i })))?;
                    io::sleep(ms).await;
                }
                Ok(vec![msg(0, &json!({ "done": n }))])
            }
            "count" => {
                let mut last = 0;
                for _ in 0..n {
                    last = get_n()? + 1;
                    set("n", last)?;
                    io::sleep(ms).await;
                }
                Ok(vec![msg(0, &json!({ "n": last }))])
            }
            what @ ("loop" | "trap" | "err") => {
                live::emit(&msg(0, &json!({ "i": 1 })))?;
                io::sleep(1).await;
                set("n", 999)?;
                match what {
                    "loop" => loop {
                        std::hint::black_box(0);
                    },
                    "trap" => panic!("trapped on purpose"),
                    _ => Err("refused by guest".into()),
                }
            }
            "emit-sleep" => {
                for i in 1..=n {
                    live::emit(&msg(_player.id_in_group, &json!({ "i": i })))?;
                }
                io::sleep(ms).await;
                Ok(vec![])
            }
            "long" => {
                for _ in 0..n {
                    io::sleep(ms).await;
                }
                Ok(vec![])
            }
            "bad-emit" => {
                live::emit(&msg(99, &json!("x")))?;
                Ok(vec![])
            }
            other => Err(format!("unknown action {other:?}")),
        }
    }

    fn before_next(_page: String, _player: Player, _form: String) -> Result<(), String> {
        Ok(())
    }
}

export!(Streaming);
