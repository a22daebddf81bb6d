//! livehost: runs real-time multiplayer experiments (oTree's live pages)
//! whose logic is a WebAssembly component.
//!
//! - [`experiment`]: what an experiment declares (pages, group size, rounds).
//! - [`runtime`]: the wasm sandbox: engine, compiled-component cache, a
//!   group's instance, a call's transaction.
//! - [`store`]: the redb data file and its group committer.
//! - [`live`]: the live flow: sessions, live messages, pressing next.
//! - [`export`]: a session's data as CSV or JSON, streamed.
//! - [`bots`]: scenario files run against a component, without a server.
//! - [`cli`]: the `livehost` command.
//! - [`web_client`]: the one HTTP client (the CLI's admin requests,
//!   experiments' fetches).

pub mod bots;
pub mod cli;
pub mod experiment;
pub mod experiment_pages;
pub mod export;
pub mod guest_build;
pub mod http;
pub mod live;
pub mod metrics;
pub mod page_template;
pub mod private_files;
pub mod replay;
pub mod runtime;
pub mod service;
pub mod store;
pub mod web_client;

pub use live::{Config, Livehost};
