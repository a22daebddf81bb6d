//! A live method that runs the operations in its message, in order, and
//! answers the sender with each one's outcome: `{"ok": value}` or
//! `{"err": text}`. With `"fail": true` the call then fails (its writes
//! must be dropped). Operations:
//!
//! - `["get", owner, key]`, `["set", owner, key, json_text]`,
//!   `["delete", owner, key]`: raw state, `owner` one of `"session"`,
//!   `"group"`, `["player", n]`, `["participant", n]`;
//! - `["fill", owner, key, n]`: sets a JSON string of `n` bytes;
//! - `["append", table, fields]` (fields: any JSON value) gives
//!   `{"row": id}`, `["query", table, player or null, round or null]`
//!   rows `{"row": id, "by": id_in_group, "round": r, "fields": ...}`;
//! - `["players"]`.

use livehost_guest::Owner;
use livehost_guest::prelude::*;

pub struct Ops;

fn owner(v: &Value) -> std::result::Result<Owner, String> {
    match v {
        Value::String(s) if s == "session" => Ok(Owner::Session),
        Value::String(s) if s == "group" => Ok(Owner::Group),
        Value::Array(a) if a.len() == 2 => {
            let n = a[1].as_u64().ok_or("owner number")? as u32;
            match a[0].as_str() {
                Some("player") => Ok(Owner::Player(n)),
                Some("participant") => Ok(Owner::Participant(n)),
                _ => Err(format!("unknown owner {v}")),
            }
        }
        _ => Err(format!("unknown owner {v}")),
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn run(player: &Player, op: &Value) -> std::result::Result<Value, String> {
    let op = op.as_array().ok_or("an operation is an array")?;
    let name = op.first().and_then(Value::as_str).unwrap_or("");
    let arg = |i: usize| op.get(i).cloned().unwrap_or(Value::Null);
    let err = |e: livehost_guest::Error| e.to_string();
    match name {
        "get" => {
            let scope = player.scope(owner(&arg(1))?);
            Ok(json!(scope.get_raw(&text(&arg(2))).map_err(err)?))
        }
        "set" => {
            let scope = player.scope(owner(&arg(1))?);
            scope.set_raw(&text(&arg(2)), &text(&arg(3))).map_err(err)?;
            Ok(Value::Null)
        }
        "fill" => {
            // A JSON string `n` bytes long in all (quotes included).
            let scope = player.scope(owner(&arg(1))?);
            let n = arg(3).as_u64().unwrap_or(2).max(2) as usize;
            let value = format!("\"{}\"", "x".repeat(n - 2));
            scope.set_raw(&text(&arg(2)), &value).map_err(err)?;
            Ok(Value::Null)
        }
        "delete" => {
            let scope = player.scope(owner(&arg(1))?);
            scope.delete(&text(&arg(2))).map_err(err)?;
            Ok(Value::Null)
        }
        "append" => {
            let id = player.table(&text(&arg(1))).append(&arg(2)).map_err(err)?;
            Ok(json!({ "row": id }))
        }
        "query" => {
            let mut filter = Filter::new();
            if let Some(p) = arg(2).as_u64() {
                filter = filter.player(p as u32);
            }
            if let Some(r) = arg(3).as_u64() {
                filter = filter.round(r as u32);
            }
            let rows = player
                .table(&text(&arg(1)))
                .query::<Value>(filter)
                .map_err(err)?;
            // The time is the host's clock or the harness's: not compared.
            Ok(rows
                .into_iter()
                .map(|r| json!({"row": r.id, "by": r.id_in_group, "round": r.round, "fields": r.fields}))
                .collect())
        }
        "players" => Ok(player
            .group()
            .players()
            .iter()
            .map(|p| json!([p.id_in_group(), p.participant_id(), p.round()]))
            .collect()),
        other => Err(format!("unknown operation {other:?}")),
    }
}

impl Experiment for Ops {
    fn info() -> Info {
        Info::new("ops", 2)
            .page(Page::live("Ops", ""))
            .page(Page::normal("End", ""))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let ops = data["ops"].as_array().cloned().unwrap_or_default();
        let outcomes: Vec<Value> = ops
            .iter()
            .map(|op| match run(player, op) {
                Ok(v) => json!({ "ok": v }),
                Err(e) => json!({ "err": e }),
            })
            .collect();
        if data["fail"] == json!(true) {
            bail!("failing on purpose after {}", Value::from(outcomes));
        }
        Ok(Replies::to(player.id_in_group(), Value::from(outcomes)))
    }
}

livehost_guest::export_experiment!(Ops);
