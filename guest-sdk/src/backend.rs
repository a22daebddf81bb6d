//! The seam between experiment code and where state lives: the WIT imports
//! inside a component, an in-memory transaction in the native harness. The
//! same experiment code runs on both.

use std::future::Future;
use std::pin::Pin;

use crate::log::Filter;
use crate::player::PlayerInfo;
use crate::state::Owner;

/// A log row as the backend returns it, fields still JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub struct RawRow {
    pub id: u64,
    pub id_in_group: u32,
    pub round: u32,
    pub time_ms: u64,
    pub fields: String,
}

/// The imports of the WIT world, as seen from one call. Every method has the
/// WIT's meaning; errors are the host's texts.
#[doc(hidden)]
pub trait Backend {
    /// `state.get`
    fn get(&self, owner: Owner, key: &str) -> Result<Option<String>, String>;
    /// `state.set`
    fn set(&self, owner: Owner, key: &str, value: &str) -> Result<(), String>;
    /// `state.delete`
    fn delete(&self, owner: Owner, key: &str) -> Result<(), String>;
    /// `log.append`
    fn append(&self, table: &str, fields: &str) -> Result<u64, String>;
    /// `log.query`
    fn query(&self, table: &str, filter: Filter) -> Result<Vec<RawRow>, String>;
    /// `group.players`
    fn players(&self) -> Vec<PlayerInfo>;
    /// `live.emit` (the async world only).
    fn emit(&self, to: u32, payload: &str) -> Result<(), String> {
        let _ = (to, payload);
        Err(NOT_ASYNC.to_owned())
    }
    /// `io.http-fetch` (the async world only): status, headers and the
    /// body's handle.
    fn fetch(&self, request: crate::http::Request) -> BoxFuture<'_, Result<FetchedHead, String>> {
        let _ = request;
        Box::pin(std::future::ready(Err(NOT_ASYNC.to_owned())))
    }
    /// `io.read-body` (the async world only).
    fn read_body(&self, body: u32, max: u32) -> BoxFuture<'_, Result<Option<Vec<u8>>, String>> {
        let _ = (body, max);
        Box::pin(std::future::ready(Err(NOT_ASYNC.to_owned())))
    }
    /// `io.sleep` (the async world only): the await ends the segment.
    fn sleep(&self, ms: u32) -> BoxFuture<'_, Result<(), String>> {
        let _ = ms;
        Box::pin(std::future::ready(Err(NOT_ASYNC.to_owned())))
    }
}

/// A response's status, headers and body handle, as `io.http-fetch`
/// returns them.
pub(crate) type FetchedHead = (u16, Vec<(String, String)>, u32);

/// A boxed future of a backend's async import.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Why `emit` and `sleep` fail in a sync experiment.
pub(crate) const NOT_ASYNC: &str = "emit, sleep and fetch are available only to an async live method: implement AsyncExperiment and export it with export_async_experiment!";
