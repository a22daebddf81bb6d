//! oTree's `creating_session`: when a session is created, the experiment's
//! hook runs for each round of each app of its sequence that defines it, in
//! order, in one instance and one transaction, before anybody can see a
//! page. What it writes (treatments, roles, participant fields) is stored
//! in the transaction that creates the session, with a `hook` entry of the
//! message log for each call; if any call fails, nothing is stored. The
//! group matrices it sets (`Write::GroupMatrix`) decide where the
//! participants sit, so the session's records are made after it.

use std::sync::Arc;
use std::time::Instant;

use super::app_sequence::AppSequence;
use super::livehost::Shared;
use super::{SessionError, now_ms};
use crate::runtime::{Call, Experiment, SessionLock, StateCache};
use crate::store::{MessageKind, MessageRecord, Write};

/// Runs creating_session for the session `session` of `experiment`, whose
/// `config` (session state) is `config`; returns the writes to store with
/// the session (none if no app of its sequence defines it).
pub(super) async fn run(
    host: &Shared,
    experiment: &Experiment,
    sequence: &AppSequence,
    session: &Arc<str>,
    config: Option<String>,
) -> Result<Vec<Write>, SessionError> {
    let hooked = &experiment.info.hooks.creating_session;
    let rounds: Vec<(u32, String, u32)> = (0..)
        .map_while(|i| sequence.stage(i).map(|s| (i, s)))
        .filter(|(_, s)| hooked.contains(&s.name))
        .flat_map(|(i, s)| (1..=s.rounds).map(move |r| (i, s.name.clone(), r)))
        .collect();
    if rounds.is_empty() {
        return Ok(Vec::new());
    }
    let failed = |app: &str, round: u32, error: String| SessionError::CreatingSession {
        app: app.to_string(),
        round,
        error,
    };
    let store = &host.store;
    let mut instance = host
        .runtime
        .instantiate(experiment)
        .await
        .map_err(|e| failed(&rounds[0].1, 1, e.to_string()))?;
    let time_ms = now_ms();
    let caller = crate::runtime::GroupMember {
        participant_id: 0,
        id_in_group: 0,
    };
    // Nobody else can reach the session yet: its lock is its own.
    let mut call = Call::new(
        store.clone(),
        host.config.limits.call.clone(),
        session.clone(),
        0,
        1,
        Arc::from(Vec::new()),
        caller,
        time_ms,
        StateCache::default(),
        SessionLock::default(),
    )
    .for_whole_app()
    .as_hook()
    .drawing_from(&host.config.entropy)
    .seeing(crate::runtime::SESSION_CONFIG, config);
    let mut entries = Vec::new();
    let mut playing = None;
    for (index, app, round) in &rounds {
        // A new app's groups; the same app's as its earlier rounds left
        // them (group_like_round reads what an earlier round set).
        let groups = if playing == Some(*index) {
            None
        } else {
            let groups = sequence
                .app_groups(*index)
                .map(Arc::new)
                .ok_or_else(|| failed(app, *round, "the app is not in the sequence".into()))?;
            Some(groups)
        };
        playing = Some(*index);
        call = call.moved_to(groups, *round);
        call.reseed();
        let seed = call.logged();
        let started = Instant::now();
        let (back, outcome) = instance
            .page_calls()
            .creating_session(call, app, *round)
            .await;
        call = back;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(text)) => return Err(failed(app, *round, text)),
            Err(f) => return Err(failed(app, *round, f.to_string())),
        }
        entries.push(MessageRecord {
            kind: MessageKind::Hook,
            time_ms,
            run_us: started.elapsed().as_micros() as u64,
            participant_id: 0,
            group_id: 0,
            round: *round,
            page: String::new(),
            data: serde_json::json!({"hook": "creating_session", "app": app}).to_string(),
            replies: Vec::new(),
            error: None,
            segment: 0,
            seed: Some(seed),
        });
    }
    let mut writes = call.finish(true).writes.map_err(SessionError::Store)?;
    for record in entries {
        let seq = store.next_message_seq(session)?;
        writes.push(Write::Message {
            session: session.clone(),
            seq,
            record,
        });
    }
    Ok(writes)
}
