//! Write a livehost experiment in Rust: one [`Experiment`] impl and one
//! [`export_experiment!`] make a WebAssembly component that implements the
//! WIT world `livehost:experiment/experiment`.
//!
//! ```
//! use livehost_guest::prelude::*;
//!
//! struct Auction;
//!
//! impl Experiment for Auction {
//!     fn info() -> Info {
//!         Info::new("auction", 2)
//!             .page(Page::live("Auction", "<input id=\"bid\" type=\"number\">"))
//!             .page(Page::normal("Results", "<p>Thanks.</p>"))
//!     }
//!
//!     fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
//!         let Some(bid) = data.as_u64() else {
//!             bail!("a bid must be a whole number, not {data}");
//!         };
//!         let group = player.group();
//!         if bid > group.get_or("highest_bid", 0u64)? {
//!             group.set("highest_bid", &bid)?;
//!             group.set("highest_bidder", &player.id_in_group())?;
//!             return Ok(Replies::to_group(json!({"id_in_group": player.id_in_group(), "bid": bid})));
//!         }
//!         Ok(Replies::none())
//!     }
//! }
//!
//! livehost_guest::export_experiment!(Auction);
//!
//! // The same code runs natively, in the test harness:
//! let mut session = livehost_guest::harness::Harness::<Auction>::new();
//! assert_eq!(session.send(1, json!(10)).unwrap().to(2), [json!({"id_in_group": 1, "bid": 10})]);
//! assert!(session.send(2, json!(5)).unwrap().is_empty());
//! assert!(session.send(2, json!("x")).unwrap_err().contains("whole number"));
//! ```
//!
//! State lives in the host, never in the guest: a [`Player`] reaches its own
//! fields ([`Player::get`], [`Player::set`], ...), its [`Group`]'s, its
//! participant's ([`Player::participant`]) and the session's
//! ([`Player::session`]), all typed through serde, and log tables
//! ([`Player::table`]), oTree's ExtraModel. Built for `wasm32` these call
//! the host's imports; built natively they run against the in-memory
//! [`harness`], so experiments are unit-tested with `cargo test`.
//!
//! # oTree pages
//!
//! An experiment that also implements [`OtreePages`] and is exported with
//! [`export_app!`] (the WIT world `app`) has oTree's pages: each page's
//! body is an oTree template (`{{ block content }}...{{ endblock }}`) the
//! host renders, with the variables of the page methods
//! ([`OtreePages::vars_for_template`], [`OtreePages::js_vars`], ...); its
//! forms fill the model fields declared in [`OtreePages::models`]
//! ([`Field::integer`], ...), checked with oTree's messages; pages may
//! time out ([`OtreePages::timeout_seconds`]). The [`harness`] shows and
//! submits such pages natively ([`harness::Harness::show`],
//! [`harness::Harness::submit`]).
//!
//! # oTree's session model
//!
//! An app reaches every player, group and round of its session through
//! the [`Subsession`] ([`Player::subsession`], [`Player::in_round`],
//! [`Player::in_all_rounds`], [`Subsession::get_groups`], ...), and may
//! define oTree's session hooks, declared in
//! [`OtreePages::session_hooks`]: [`OtreePages::creating_session`]
//! (treatments, roles, [`Subsession::set_group_matrix`]) and a wait page's
//! [`OtreePages::after_all_players_arrive`] (or, with
//! `wait_for_all_groups`, [`OtreePages::after_all_groups_arrive`]).
//! A wait page may group players by arrival time
//! ([`WaitPage::group_by_arrival_time`]), in groups the app's own rule
//! picks ([`OtreePages::group_by_arrival_time_method`]). [`Player::set_payoff`] sets a
//! payoff the host's Payments view pays. The harness runs them natively:
//! [`harness::Harness::otree`].
//!
//! # oTree's admin views
//!
//! An app may declare, in [`OtreePages::admin_views`], an admin report
//! (its `admin_report.html`, rendered with
//! [`OtreePages::vars_for_admin_report`]) and custom exports
//! ([`OtreePages::custom_export`], cells written as oTree writes them:
//! [`csv_cell`]); the harness calls them natively
//! ([`harness::Harness::admin_report`], [`harness::Harness::custom_export`]).
//!
//! # Building a component
//!
//! The experiment's crate is a library with `crate-type = ["cdylib",
//! "rlib"]` (the `rlib` lets its tests and other crates use it natively);
//! then
//!
//! ```text
//! cargo build --profile guest --target wasm32-wasip2 -p my-experiment
//! ```
//!
//! leaves the component at
//! `target/wasm32-wasip2/guest/my_experiment.wasm`, ready for
//! `livehost bots` or upload.
//!
//! # Errors
//!
//! Everything that can fail returns [`Result`], whose [`Error`] is the text
//! the participant sees: state and log errors name the key or table and
//! carry the host's reason, and `?` also takes `serde_json` errors and
//! strings. A live method that returns `Err` (or panics) keeps none of the
//! call's writes.

#![warn(missing_docs)]

mod admin;
mod backend;
mod error;
mod experiment;
mod fields;
mod form;
mod hooks;
pub mod http;
mod info;
mod log;
mod pages;
mod player;
mod replies;
mod state;
mod subsession;

#[cfg(target_arch = "wasm32")]
pub mod component;
pub mod harness;

pub use admin::{AdminViews, csv_cell};
pub use error::{Error, Result};
pub use experiment::{AsyncExperiment, Experiment};
pub use fields::{Field, FieldKind, Widget};
pub use form::Form;
pub use hooks::{SessionHooks, WaitPage};
pub use info::{Info, Page, PageKind};
pub use log::{Filter, Row, Table};
pub use pages::{
    FormErrors, FormModel, Models, OtreePages, PageView, ShownField, Template, Values,
};
pub use player::{Group, Player, PlayerInfo};
pub use replies::{GROUP, Replies, Reply};
pub use state::{Owner, Scope};
pub use subsession::{Subsession, Whose};

/// Re-exports for the macros; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::backend::{Backend, BoxFuture, FetchedHead, RawRow};
    #[cfg(target_arch = "wasm32")]
    pub use crate::component::{
        Adapter, AppAdapter, AsyncAdapter, AsyncImports, app_bindings, async_bindings, bindings,
    };
    pub use crate::experiment::{call_before_next, call_live_method_async};
    pub use crate::log::Filter;
    pub use crate::player::PlayerInfo;
    pub use crate::state::Owner;
    pub use crate::subsession::Whose;
    /// The `pages` and `project` calls, for the exports of an app world.
    pub mod pages {
        pub use crate::pages::{describe, files, show, submit, timed_out};
    }
    /// The `session-hooks` and `arrival-grouping` calls, for the exports
    /// of an app world.
    pub mod hooks {
        pub use crate::hooks::{
            after_all_players_arrive, arrival_apps, creating_session, describe,
            group_by_arrival_time,
        };
    }
    /// The `admin-views` calls, for the exports of an app world.
    pub mod admin {
        pub use crate::admin::{admin_report, custom_export, describe};
    }
}

/// Everything an experiment usually needs: `use livehost_guest::prelude::*;`
pub mod prelude {
    pub use crate::{
        AdminViews, Error, Experiment, Field, Filter, Form, FormModel, Group, Info, Models,
        OtreePages, Page, PageKind, Player, Replies, Result, Row, SessionHooks, Subsession, Table,
        Template, Values, WaitPage, Widget, bail,
    };
    pub use serde::{Deserialize, Serialize};
    pub use serde_json::{Value, json};
}

/// Export an [`Experiment`] as the component's implementation of the WIT
/// world. Use it once, in the crate (a `cdylib`) that builds the component.
/// It expands to nothing when not building for `wasm32`, so the same crate
/// also builds natively for tests.
///
/// ```ignore
/// livehost_guest::export_experiment!(Auction);
/// ```
#[macro_export]
macro_rules! export_experiment {
    ($experiment:ty) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            type __LivehostExperiment = $crate::__private::Adapter<$experiment>;
            $crate::__private::bindings::export!(
                __LivehostExperiment with_types_in $crate::__private::bindings
            );
        };
    };
}

/// Export an [`AsyncExperiment`] as the component's implementation of the
/// WIT world `async-experiment`. Use it once, in the crate (a `cdylib`)
/// that builds the component; it expands to nothing when not building for
/// `wasm32`.
///
/// ```ignore
/// livehost_guest::export_async_experiment!(Countdown);
/// ```
#[macro_export]
macro_rules! export_async_experiment {
    ($experiment:ty) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            type __LivehostExperiment = $crate::__private::AsyncAdapter<$experiment>;
            $crate::__private::async_bindings::export!(
                __LivehostExperiment with_types_in $crate::__private::async_bindings
            );
        };
    };
}

/// Export an [`Experiment`] with [`OtreePages`] as the component's
/// implementation of the WIT world `app`: oTree's pages (templates the host
/// renders, page methods, forms, timeouts) on top of the experiment. Use it
/// once, in the crate (a `cdylib`) that builds the component, instead of
/// [`export_experiment!`]; it expands to nothing when not building for
/// `wasm32`.
///
/// ```ignore
/// livehost_guest::export_app!(Survey);
/// ```
#[macro_export]
macro_rules! export_app {
    ($experiment:ty) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            type __LivehostApp = $crate::__private::AppAdapter<$experiment>;
            $crate::__private::app_bindings::export!(
                __LivehostApp with_types_in $crate::__private::app_bindings
            );
        };
    };
}

// Re-exported for the doc examples and for experiments that match on data.
pub use serde_json;
