//! The host side of the world's imports, as wasmtime-wasi lays out WASI's:
//! one context per interface, each with its `Host` impl in its own file
//! ([`super::linker`] adds each interface with the getter of its context).
//!
//! - [`call`]: `state`, `log`, `group` (and `types`): the call's
//!   transaction;
//! - [`subsession`]: every player and group of the caller's app, in the
//!   same transaction;
//! - [`live`]: `emit`, an async segment's messages;
//! - [`io`]: `sleep`, `http-fetch`, `read-body`: an async call's awaits.

mod call;
pub(super) mod io;
pub(super) mod live;
mod subsession;

pub use call::CallContext;
pub use io::IoContext;
pub use live::{LiveContext, Segments};
