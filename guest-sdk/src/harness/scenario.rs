//! Scenarios: the JSON scripts in `examples/<name>/scenario.json` that
//! `livehost bots` replays against a component, replayed here natively
//! against the experiment's Rust code.
//!
//! ```json
//! {"participants": 2, "steps": [
//!   {"player": 1, "send": 10, "expect": {"1": [{"bid": 10}], "2": [{"bid": 10}]}},
//!   {"player": 2, "page": "Auction", "send": "x", "error": "must be a number"},
//!   {"player": 1, "next": {}, "refused": "you need to stay"},
//!   {"player": 1, "next": {"field": "value"}}
//! ]}
//! ```
//!
//! A step either sends (`send`, optionally claiming a `page`) or presses
//! next (`next`: form fields). `expect` lists, per participant number, the
//! payloads every participant receives; participants not listed receive
//! nothing (without `expect` the replies are not checked). `error` (send)
//! and `refused` (next) say the step must fail with a text containing that
//! substring; any other step must succeed.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::Harness;
use crate::experiment::AsyncExperiment;

/// A scripted session.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The session's size, a multiple of the players per group.
    pub participants: u32,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

/// One participant's action and what must come of it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The acting participant's 1-based number in the session.
    pub player: u32,
    /// For a send: the page the participant claims to be on (default: the
    /// page they are on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The data of a `liveSend` (any JSON, `null` included).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub send: Option<Value>,
    /// The form fields of a next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Map<String, Value>>,
    /// For a send: what every participant receives, by participant number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<BTreeMap<String, Vec<Value>>>,
    /// For a send: it must fail with an error containing this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a next: before-next must refuse with a text containing this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// A present field is `Some`, even when it is `null`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl Scenario {
    /// Parse and check a scenario's JSON.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| format!("invalid scenario: {e}"))?;
        scenario.check()?;
        Ok(scenario)
    }

    /// Check that every step is well formed and names real participants.
    pub fn check(&self) -> Result<(), String> {
        for (i, step) in self.steps.iter().enumerate() {
            step.check(self.participants)
                .map_err(|e| format!("step {}: {e}", i + 1))?;
        }
        Ok(())
    }
}

impl Step {
    fn check(&self, participants: u32) -> Result<(), String> {
        let known = |p: u32| p >= 1 && p <= participants;
        if !known(self.player) {
            return Err(format!(
                "player {} is not in the session (1 to {participants})",
                self.player
            ));
        }
        match (&self.send, &self.next) {
            (Some(_), None) => {
                if self.refused.is_some() {
                    return Err("`refused` is for next steps; a send uses `error`".into());
                }
                if self.error.is_some() && self.expect.is_some() {
                    return Err("a step with `error` cannot `expect` replies".into());
                }
            }
            (None, Some(form)) => {
                if self.page.is_some() || self.expect.is_some() || self.error.is_some() {
                    return Err(
                        "a next step takes only `refused`, not `page`, `expect` or `error`".into(),
                    );
                }
                if let Some((name, _)) = form.iter().find(|(_, v)| !v.is_string()) {
                    return Err(format!("form field {name:?} must be a string"));
                }
            }
            _ => return Err("a step has exactly one of `send` and `next`".into()),
        }
        for key in self.expect.iter().flat_map(|e| e.keys()) {
            match key.parse::<u32>() {
                Ok(p) if known(p) => {}
                _ => return Err(format!("`expect` names {key:?}, not a participant")),
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (&self.send, &self.next) {
            (Some(data), _) => format!("participant {} sends {data}", self.player),
            (_, Some(form)) => format!(
                "participant {} presses next with {}",
                self.player,
                Value::Object(form.clone())
            ),
            _ => format!("participant {} does nothing", self.player),
        }
    }
}

/// Replay a scenario's JSON against a fresh session of `E`; an error says
/// which step went wrong and how.
pub fn run_scenario<E: AsyncExperiment>(json: &str) -> Result<(), String> {
    let scenario = Scenario::from_json(json)?;
    let mut harness = Harness::<E>::with_participants(scenario.participants)?;
    harness.replay(&scenario)
}

impl<E: AsyncExperiment> Harness<E> {
    /// Replay `scenario`'s steps on this session.
    pub fn replay(&mut self, scenario: &Scenario) -> Result<(), String> {
        scenario.check()?;
        for (i, step) in scenario.steps.iter().enumerate() {
            self.step(scenario.participants, step)
                .map_err(|e| format!("step {} ({}): {e}", i + 1, step.describe()))?;
        }
        Ok(())
    }

    fn step(&mut self, participants: u32, step: &Step) -> Result<(), String> {
        if let Some(form) = &step.next {
            let result = self.next(step.player, Value::Object(form.clone()));
            return expect_outcome(result.map(|_| ()), step.refused.as_deref(), "refused");
        }
        let data = step.send.clone().unwrap_or(Value::Null);
        let result = match &step.page {
            Some(page) => self.send_on(step.player, page, data),
            None => self.send(step.player, data),
        };
        let received = match (&result, &step.error) {
            (Ok(received), None) => received,
            _ => return expect_outcome(result.map(|_| ()), step.error.as_deref(), "error"),
        };
        let Some(expect) = &step.expect else {
            return Ok(());
        };
        for p in 1..=participants {
            let wanted = expect.get(&p.to_string()).cloned().unwrap_or_default();
            let got = received.to_participant(p);
            if got != wanted {
                return Err(format!(
                    "participant {p} should receive {}, but received {}",
                    Value::Array(wanted),
                    Value::Array(got)
                ));
            }
        }
        Ok(())
    }
}

/// Compare a step's outcome with its `error` / `refused` expectation.
fn expect_outcome(
    result: Result<(), String>,
    failure: Option<&str>,
    what: &str,
) -> Result<(), String> {
    match (result, failure) {
        (Ok(()), None) => Ok(()),
        (Err(e), None) => Err(format!("it should succeed, but failed: {e}")),
        (Ok(()), Some(wanted)) => Err(format!(
            "it should fail ({what} containing {wanted:?}), but succeeded"
        )),
        (Err(e), Some(wanted)) if e.contains(wanted) => Ok(()),
        (Err(e), Some(wanted)) => Err(format!(
            "it failed with {e:?}, which does not contain {wanted:?}"
        )),
    }
}
