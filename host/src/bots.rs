//! `livehost bots`: runs a scenario file against a component with the real
//! runtime and store (a temporary data file), no server. It is how every
//! guest, in any language, is tested the same way.
//!
//! A scenario (JSON):
//! ```json
//! { "participants": 4,
//!   "steps": [
//!     {"player": 1, "send": 10, "expect": {"1": [{"bid": 10}], "2": [{"bid": 10}]}},
//!     {"player": 2, "page": "Auction", "send": "x", "error": "must be a number"},
//!     {"player": 1, "next": {}, "refused": "you need to stay"},
//!     {"player": 1, "next": {"field": "value"}} ] }
//! ```
//! `participants` (default: one group) is the session size; `player` a
//! participant's number. A step sends `send` (on `page`, default: where the
//! player is) or presses next with the form `next`. `expect` lists what
//! every participant receives, by number; anyone not listed must receive
//! nothing. `error` / `refused` expect a failure whose text contains it.
//!
//! The scenario is played twice: once as a live host runs it (one instance
//! per group, reused), once with a fresh instance for every call. A guest
//! whose replies differ between the two keeps state in guest memory, which
//! the host may throw away at any time: that is reported as a failure. Each
//! call's clock and randomness are the same in both plays (a fixed
//! sequence of times and seeds), so reading them is no difference.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use crate::live::{Config, Livehost};

/// A scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Session size; defaults to one group.
    pub participants: Option<u32>,
    pub steps: Vec<Step>,
}

/// One step: a live message or a press of next.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub player: u32,
    pub page: Option<String>,
    pub send: Option<Value>,
    pub next: Option<serde_json::Map<String, Value>>,
    pub expect: Option<BTreeMap<String, Vec<Value>>>,
    pub error: Option<String>,
    pub refused: Option<String>,
}

/// What one step did, in a form two runs can be compared by.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Replies by participant number.
    Replies(BTreeMap<u32, Vec<Value>>),
    /// The send or next failed with this text.
    Failed(String),
    /// Next succeeded; the player is now on this page (None = finished).
    Moved(Option<String>),
}

/// The result of `livehost bots`.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per step, for people.
    pub lines: Vec<String>,
    /// What went wrong; empty means the scenario passed.
    pub failures: Vec<String>,
    pub passed: usize,
}

/// Why a scenario could not be run at all.
#[derive(Debug, thiserror::Error)]
pub enum BotsError {
    #[error("the scenario file is not valid: {0}")]
    Scenario(String),
    #[error("the component was refused: {0}")]
    Component(String),
    #[error("{0}")]
    Setup(String),
}

/// Where compiled components are cached when no data file says otherwise:
/// `$LIVEHOST_CACHE_DIR`, else `$XDG_CACHE_HOME/livehost`, else
/// `~/.cache/livehost`, else a `livehost-cache` folder in the temp dir.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LIVEHOST_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("livehost");
    }
    if let Some(home) = std::env::var_os("HOME") {
        return PathBuf::from(home).join(".cache").join("livehost");
    }
    std::env::temp_dir().join("livehost-cache")
}

impl Scenario {
    pub fn parse(text: &str) -> Result<Scenario, BotsError> {
        let s: Scenario =
            serde_json::from_str(text).map_err(|e| BotsError::Scenario(e.to_string()))?;
        for (i, step) in s.steps.iter().enumerate() {
            let n = i + 1;
            match (&step.send, &step.next) {
                (Some(_), Some(_)) => {
                    return Err(BotsError::Scenario(format!(
                        "step {n} has both send and next: give one"
                    )));
                }
                (None, None) => {
                    return Err(BotsError::Scenario(format!(
                        "step {n} has neither send nor next"
                    )));
                }
                (None, Some(_)) if step.expect.is_some() || step.error.is_some() => {
                    return Err(BotsError::Scenario(format!(
                        "step {n} presses next, which takes refused, not expect or error"
                    )));
                }
                (Some(_), None) if step.refused.is_some() => {
                    return Err(BotsError::Scenario(format!(
                        "step {n} sends a message, which takes expect or error, not refused"
                    )));
                }
                _ => {}
            }
            if step.expect.is_some() && step.error.is_some() {
                return Err(BotsError::Scenario(format!(
                    "step {n} expects both replies and an error"
                )));
            }
        }
        Ok(s)
    }
}

/// Runs `scenario` against the component `bytes`: checks every step, then
/// replays with a fresh instance per call and compares.
pub async fn run(bytes: &[u8], scenario: &Scenario) -> Result<Report, BotsError> {
    let mut report = Report::default();
    // Both plays give their calls the same times and seeds, so a guest
    // that reads the clock or draws at random plays alike.
    let start_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let reused = play(bytes, scenario, None, Some(&mut report), start_ms).await?;
    let fresh = play(bytes, scenario, Some(1), None, start_ms).await?;
    for (i, (a, b)) in reused.iter().zip(&fresh).enumerate() {
        if a != b {
            let text = format!(
                "step {}: with a fresh instance per call the outcome differs ({} instead of {}): the experiment keeps state in guest memory (statics, globals, caches), which livehost may drop at any time; keep it in state or log rows instead",
                i + 1,
                describe(b),
                describe(a)
            );
            report.lines.push(format!("FAIL replay {text}"));
            report.failures.push(text);
        }
    }
    Ok(report)
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Replies(r) => format!("replies {}", serde_json::to_string(r).unwrap_or_default()),
        Outcome::Failed(e) => format!("error {e:?}"),
        Outcome::Moved(Some(p)) => format!("moved to page {p:?}"),
        Outcome::Moved(None) => "finished".to_string(),
    }
}

async fn play(
    bytes: &[u8],
    scenario: &Scenario,
    calls_per_instance: Option<u64>,
    mut report: Option<&mut Report>,
    start_ms: u64,
) -> Result<Vec<Outcome>, BotsError> {
    let dir = tempfile::tempdir()
        .map_err(|e| BotsError::Setup(format!("cannot make a temp dir: {e}")))?;
    let mut config = Config::new(dir.path().join("bots.redb"));
    config.cache_dir = default_cache_dir();
    if let Some(n) = calls_per_instance {
        config.limits.calls_per_instance = n;
    }
    config.entropy = crate::runtime::CallEntropySource::fixed(start_ms);
    let host = Livehost::open(config).map_err(|e| BotsError::Setup(format!("{e:#}")))?;
    let record = host
        .add_experiment(bytes)
        .await
        .map_err(|e| BotsError::Component(e.to_string()))?;
    let size = scenario
        .participants
        .unwrap_or(record.info.players_per_group.max(1));
    let session = host
        .create_session(&record.sha, size)
        .await
        .map_err(|e| BotsError::Scenario(e.to_string()))?;
    let code_of = |n: u32| {
        session
            .participants
            .iter()
            .find(|p| p.participant_id == n)
            .map(|p| p.code.clone())
    };
    let mut outcomes = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let n = i + 1;
        let code = code_of(step.player).ok_or_else(|| {
            BotsError::Scenario(format!(
                "step {n}: there is no player {} in a session of {size}",
                step.player
            ))
        })?;
        let outcome = if let Some(data) = &step.send {
            let data = data.to_string();
            match host.live_message(&code, step.page.as_deref(), &data).await {
                Ok(deliveries) => {
                    let mut by: BTreeMap<u32, Vec<Value>> = BTreeMap::new();
                    for d in deliveries {
                        let v = serde_json::from_str(&d.payload)
                            .unwrap_or(Value::String(d.payload.to_string()));
                        by.entry(d.participant_id).or_default().push(v);
                    }
                    Outcome::Replies(by)
                }
                Err(e) => Outcome::Failed(e.to_string()),
            }
        } else {
            let form = Value::Object(step.next.clone().unwrap_or_default()).to_string();
            match host.advance(&code, &form).await {
                Ok(p) => Outcome::Moved(p.page),
                Err(e) => Outcome::Failed(e.to_string()),
            }
        };
        if let Some(report) = report.as_deref_mut() {
            check(report, n, step, &outcome);
        }
        outcomes.push(outcome);
    }
    host.close();
    Ok(outcomes)
}

/// Checks one step's outcome against what the step expects, adding a line
/// (and a failure, if any) to the report.
pub fn check(report: &mut Report, n: usize, step: &Step, outcome: &Outcome) {
    let what = match (&step.send, &step.page) {
        (Some(d), Some(p)) => format!("player {} sends {d} on {p}", step.player),
        (Some(d), None) => format!("player {} sends {d}", step.player),
        (None, _) => format!("player {} presses next", step.player),
    };
    let wanted_failure = step.error.as_ref().or(step.refused.as_ref());
    let problem = match (outcome, wanted_failure) {
        (Outcome::Failed(text), Some(want)) if text.contains(want.as_str()) => None,
        (Outcome::Failed(text), Some(want)) => Some(format!(
            "failed with {text:?}, which does not contain {want:?}"
        )),
        (Outcome::Failed(text), None) => Some(format!("failed: {text}")),
        (_, Some(want)) => Some(format!(
            "succeeded ({}), but should fail with {want:?}",
            describe(outcome)
        )),
        (Outcome::Replies(got), None) => match &step.expect {
            None => None,
            Some(expect) => compare_replies(expect, got),
        },
        (Outcome::Moved(_), None) => None,
    };
    match problem {
        None => {
            report.passed += 1;
            report
                .lines
                .push(format!("ok   step {n}: {what}: {}", describe(outcome)));
        }
        Some(p) => {
            report.lines.push(format!("FAIL step {n}: {what}: {p}"));
            report.failures.push(format!("step {n}: {what}: {p}"));
        }
    }
}

fn compare_replies(
    expect: &BTreeMap<String, Vec<Value>>,
    got: &BTreeMap<u32, Vec<Value>>,
) -> Option<String> {
    let mut want: BTreeMap<u32, &Vec<Value>> = BTreeMap::new();
    for (k, v) in expect {
        match k.parse::<u32>() {
            Ok(n) => {
                if !v.is_empty() {
                    want.insert(n, v);
                }
            }
            Err(_) => return Some(format!("expect key {k:?} is not a participant number")),
        }
    }
    let mut problems = Vec::new();
    for (n, v) in &want {
        match got.get(n) {
            Some(g) if g == *v => {}
            Some(g) => problems.push(format!(
                "player {n} got {} instead of {}",
                Value::Array(g.clone()),
                Value::Array((*v).clone())
            )),
            None => problems.push(format!(
                "player {n} got nothing instead of {}",
                Value::Array((*v).clone())
            )),
        }
    }
    for (n, g) in got {
        if !want.contains_key(n) {
            problems.push(format!(
                "player {n} got {} but should get nothing",
                Value::Array(g.clone())
            ));
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(problems.join("; "))
    }
}
