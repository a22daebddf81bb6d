//! A guest built against `livehost:experiment@0.1.0`, from a frozen copy of
//! that version's WIT (`wit/experiment.wit` here, as it was when 0.1.1 was
//! made): the host of 0.1.1 must still run it unchanged. Its live method
//! counts in group state and broadcasts the count.

#![allow(clippy::too_many_arguments)]

wit_bindgen::generate!({ world: "experiment", path: "wit" });

use livehost::experiment::state;
use livehost::experiment::types::Owner;

struct Legacy;

impl Guest for Legacy {
    fn info() -> ExperimentInfo {
        use livehost::experiment::types::{Page, PageKind};
        ExperimentInfo {
            name: "legacy".into(),
            players_per_group: 2,
            rounds: 1,
            pages: vec![Page {
                name: "live".into(),
                body: String::new(),
                kind: PageKind::Live,
                next_button: true,
            }],
        }
    }

    fn live_method(_page: String, _player: Player, _data: String) -> Result<Vec<Message>, String> {
        let n: u64 = state::get(Owner::Group, "n")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            + 1;
        state::set(Owner::Group, "n", &n.to_string())?;
        Ok(vec![Message {
            to: 0,
            payload: n.to_string(),
        }])
    }

    fn before_next(_page: String, _player: Player, _form: String) -> Result<(), String> {
        Ok(())
    }
}

export!(Legacy);
