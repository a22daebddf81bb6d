//! What the web layer and the CLI read about the host's records, asked of
//! the live layer rather than of the data file's tables: experiments (by
//! SHA, or by an upload's bytes), sessions and their participants, the
//! data file's health, and the message log for the console's monitor.

use std::sync::Arc;

use super::Livehost;
use crate::store::{
    ExperimentRecord, LoggedMessage, MessageRecord, ParticipantRecord, SessionRecord, StoreError,
};

impl Livehost {
    /// Every uploaded experiment version, newest last.
    pub fn experiments(&self) -> Result<Vec<ExperimentRecord>, StoreError> {
        self.store().experiments()
    }

    /// The experiment version with this SHA, if uploaded.
    pub fn experiment_record(&self, sha: &str) -> Result<Option<ExperimentRecord>, StoreError> {
        self.store().experiment(sha)
    }

    /// Every session, open or closed.
    pub fn sessions(&self) -> Result<Vec<SessionRecord>, StoreError> {
        self.store().sessions()
    }

    /// The session with this code, if any.
    pub fn session(&self, code: &str) -> Result<Option<SessionRecord>, StoreError> {
        self.store().session(code)
    }

    /// A session's participants as committed, by participant id.
    pub fn session_participants(&self, code: &str) -> Result<Vec<ParticipantRecord>, StoreError> {
        self.store().session_participants(code)
    }

    /// The participant with this secret code, as committed.
    pub fn participant_record(&self, code: &str) -> Result<Option<ParticipantRecord>, StoreError> {
        self.store().participant(code)
    }

    /// Whether the data file takes writes (`/healthz`).
    pub fn check_data_file(&self) -> Result<(), StoreError> {
        self.store().check()
    }

    /// Message-log entries of every session as their commits become
    /// durable, from now on.
    pub fn watch_messages(&self) -> tokio::sync::broadcast::Receiver<Arc<LoggedMessage>> {
        self.store().message_feed().watch()
    }

    /// The last `n` message-log entries of `session` (of one group and the
    /// session-wide ones, or of all), oldest first; read off the async
    /// workers (a quiet group's entries may take long to find).
    pub async fn recent_messages(
        &self,
        session: &str,
        group: Option<u32>,
        n: usize,
    ) -> Result<Vec<(u64, MessageRecord)>, StoreError> {
        let store = self.store().clone();
        let session = session.to_string();
        tokio::task::spawn_blocking(move || store.recent_messages(&session, group, n))
            .await
            .unwrap_or_else(|e| Err(StoreError::Io(format!("the reading task failed: {e}"))))
    }
}

impl Livehost {
    /// A host setting kept in the data file (the admin token's hash).
    pub fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.store().meta(name)
    }

    /// Keeps a host setting in the data file, durably.
    pub fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.store().set_meta(name, value)
    }

    /// Checks that a session exists, before its export starts.
    pub fn check_export(&self, session: &str) -> Result<(), crate::export::ExportError> {
        crate::export::check_session(self.store(), session)
    }

    /// Writes one part of a session's export in `format` to `sink`
    /// ([`crate::export::export`]). Blocking: run it off the async workers.
    pub fn export(
        &self,
        session: &str,
        part: crate::export::Part,
        format: crate::export::Format,
        sink: &mut dyn FnMut(Vec<u8>) -> Result<(), crate::export::ExportError>,
    ) -> Result<(), crate::export::ExportError> {
        crate::export::export(self.store(), session, part, format, sink)
    }
}
