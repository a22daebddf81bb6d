//! The seam between experiment code and where state lives: the WIT imports
//! inside a component, an in-memory transaction in the native harness. The
//! same experiment code runs on both.

use std::future::Future;
use std::pin::Pin;

use crate::log::Filter;
use crate::player::PlayerInfo;
use crate::state::Owner;
use crate::subsession::Whose;

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
    /// `log.append-for-group`: a row for group (number, round) of the app.
    fn append_for_group(&self, table: &str, group: (u32, u32), fields: &str)
    -> Result<u64, String>;
    /// `log.query-group`
    fn query_group(&self, table: &str, group: (u32, u32)) -> Result<Vec<RawRow>, String>;
    /// `log.query-all`
    fn query_all(&self, table: &str) -> Result<Vec<RawRow>, String>;
    /// `log.update`
    fn update_row(&self, table: &str, id: u64, fields: &str) -> Result<(), String>;
    /// `log.remove`
    fn remove_row(&self, table: &str, id: u64) -> Result<(), String>;
    /// `subsession.get` (the app worlds only).
    fn get_whose(&self, whose: Whose, key: &str) -> Result<Option<String>, String> {
        let _ = (whose, key);
        Err(NOT_APP.to_owned())
    }
    /// `subsession.set` (the app worlds only).
    fn set_whose(&self, whose: Whose, key: &str, value: &str) -> Result<(), String> {
        let _ = (whose, key, value);
        Err(NOT_APP.to_owned())
    }
    /// `subsession.delete` (the app worlds only).
    fn delete_whose(&self, whose: Whose, key: &str) -> Result<(), String> {
        let _ = (whose, key);
        Err(NOT_APP.to_owned())
    }
    /// `subsession.groups` (the app worlds only): each group's players.
    fn groups(&self, round: u32) -> Result<Vec<Vec<PlayerInfo>>, String> {
        let _ = round;
        Err(NOT_APP.to_owned())
    }
    /// `subsession.set-groups` (the app worlds only).
    fn set_groups(&self, round: u32, groups: Vec<Vec<u32>>) -> Result<(), String> {
        let _ = (round, groups);
        Err(NOT_APP.to_owned())
    }
    /// `subsession.participant-code` (the app worlds only): a participant's
    /// secret code, to themselves or a call for the whole app.
    fn participant_code(&self, participant_id: u32) -> Result<String, String> {
        let _ = participant_id;
        Err(NOT_APP.to_owned())
    }
    /// `subsession.session-code` (the app worlds only).
    fn session_code(&self) -> Result<String, String> {
        Err(NOT_APP.to_owned())
    }
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
#[doc(hidden)]
pub type FetchedHead = (u16, Vec<(String, String)>, u32);

/// A boxed future of a backend's async import.
#[doc(hidden)]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Why `emit` and `sleep` fail in a sync experiment.
pub(crate) const NOT_ASYNC: &str = "emit, sleep and fetch are available only to an async live method: implement AsyncExperiment and export it with export_async_experiment!";

/// Why the subsession fails outside an app world.
pub(crate) const NOT_APP: &str = "players, groups and rounds other than the caller's (the subsession) are available only to an app: implement OtreePages and export it with export_app! (or export_async_app!)";
