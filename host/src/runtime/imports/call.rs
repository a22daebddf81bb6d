//! The call's context: what the `state`, `log` and `group` imports reach
//! while a live method or before-next runs. Each forwards to the current
//! [`Call`], the call's transaction; between calls there is none, and an
//! async call whose next turn was refused is cancelled.

use crate::runtime::bindings::livehost::experiment::{group, log, state, types};
use crate::runtime::bindings::{Owner, Player, Row, RowFilter};
use crate::runtime::call::{Call, CallError};

/// The call being served, if any.
#[derive(Default)]
pub struct CallContext {
    pub(crate) call: Option<Call>,
    /// Set when an async call could not get its next turn: it must end.
    pub(crate) cancelled: Option<String>,
    /// Epoch ticks the running call, or async segment, has run for: the
    /// deadline counts them, each segment afresh.
    pub(crate) ticks: u64,
}

impl CallContext {
    pub(crate) fn call(&mut self) -> Result<&mut Call, String> {
        if let Some(why) = &self.cancelled {
            return Err(why.clone());
        }
        self.call.as_mut().ok_or_else(|| {
            "state, log and group are only available during live-method and before-next".to_string()
        })
    }
}

fn text(e: CallError) -> String {
    e.to_string()
}

impl types::Host for CallContext {}

impl state::Host for CallContext {
    #[tracing::instrument(level = "trace", name = "state.get", skip(self))]
    async fn get(&mut self, owner: Owner, key: String) -> Result<Option<String>, String> {
        let call = self.call()?;
        call.lock_session_for(owner, &key).await;
        call.get(owner, &key).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "state.set", skip(self, value))]
    async fn set(&mut self, owner: Owner, key: String, value: String) -> Result<(), String> {
        let call = self.call()?;
        call.lock_session_for(owner, &key).await;
        call.set(owner, key, value).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "state.delete", skip(self))]
    async fn delete(&mut self, owner: Owner, key: String) -> Result<(), String> {
        let call = self.call()?;
        call.lock_session_for(owner, &key).await;
        call.delete(owner, key).map_err(text)
    }
}

impl log::Host for CallContext {
    #[tracing::instrument(level = "trace", name = "log.append", skip(self, fields))]
    fn append(&mut self, table: String, fields: String) -> Result<u64, String> {
        self.call()?.append(table, fields).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.query", skip(self, filter))]
    fn query(&mut self, table: String, filter: RowFilter) -> Result<Vec<Row>, String> {
        self.call()?.query(&table, filter).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.append-for-group", skip(self, fields))]
    fn append_for_group(
        &mut self,
        table: String,
        group: (u32, u32),
        fields: String,
    ) -> Result<u64, String> {
        self.call()?
            .append_for_group(table, group, fields)
            .map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.query-group", skip(self))]
    fn query_group(&mut self, table: String, group: (u32, u32)) -> Result<Vec<Row>, String> {
        self.call()?.query_group(&table, group).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.query-all", skip(self))]
    fn query_all(&mut self, table: String) -> Result<Vec<Row>, String> {
        self.call()?.query_all(&table).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.update", skip(self, fields))]
    fn update(&mut self, table: String, id: u64, fields: String) -> Result<(), String> {
        self.call()?.update(&table, id, fields).map_err(text)
    }

    #[tracing::instrument(level = "trace", name = "log.remove", skip(self))]
    fn remove(&mut self, table: String, id: u64) -> Result<(), String> {
        self.call()?.remove(&table, id).map_err(text)
    }
}

impl group::Host for CallContext {
    #[tracing::instrument(level = "trace", name = "group.players", skip(self))]
    fn players(&mut self) -> Vec<Player> {
        self.call().map(|c| c.players()).unwrap_or_default()
    }
}
