//! The native side of the differential test: reads calls
//! `[[participant, data], ...]` (JSON, stdin), plays them in a harness
//! session of `argv[1]` participants, and prints each call's outcome, one
//! JSON line each: `{"ok": [payloads to the sender]}` or `{"err": text}`.

use std::io::Read;

use livehost_guest::harness::Harness;
use ops::Ops;
use serde_json::{Value, json};

fn main() {
    let participants: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .expect("the number of participants");
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("the calls on stdin");
    let calls: Vec<(u32, Value)> = serde_json::from_str(&input).expect("calls as JSON");
    let mut h = Harness::<Ops>::with_participants(participants).expect("a harness session");
    for (participant, data) in calls {
        let outcome = match h.send(participant, data) {
            Ok(received) => json!({ "ok": received.to_participant(participant) }),
            Err(e) => json!({ "err": e }),
        };
        println!("{outcome}");
    }
}
