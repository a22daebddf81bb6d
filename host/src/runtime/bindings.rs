//! The `livehost:experiment` worlds as `bindgen!` makes them: the
//! `experiment` world (sync live method) and the `async-experiment` world
//! (async live method, plus `live` and `io`), sharing one set of generated
//! interface modules. The host's side of the imports is in
//! [`super::imports`].

wasmtime::component::bindgen!({
    world: "experiment",
    path: "../wit",
    exports: { default: async },
    // State imports may wait for the session's lock (see `Call`), so they
    // are async on the host; to the guest they are ordinary blocking calls.
    imports: { "livehost:experiment/state": async },
});

pub use self::livehost::experiment::types::{Owner, Row, RowFilter};

/// The `async-experiment` world: the same shared interfaces, plus `live`
/// (emit) and `io` (sleep, fetch), and an async live method.
pub mod async_world {
    wasmtime::component::bindgen!({
        world: "async-experiment",
        path: "../wit",
        exports: { default: async },
        with: {
            "livehost:experiment/types": super::livehost::experiment::types,
            "livehost:experiment/state": super::livehost::experiment::state,
            "livehost:experiment/log": super::livehost::experiment::log,
            "livehost:experiment/group": super::livehost::experiment::group,
        },
    });
}

/// The `app` world, bound for its `subsession` import and its `pages`,
/// `project`, `session-hooks` and `admin-views` exports (oTree's page
/// methods, project, session model and researcher's views), which an
/// experiment of either world may have: found by name when the component
/// is loaded ([`PagesIndices`], [`ProjectIndices`], [`SessionHooksIndices`],
/// [`AdminViewsIndices`], [`ArrivalGroupingIndices`]).
pub mod app_world {
    wasmtime::component::bindgen!({
        world: "app",
        path: "../wit",
        exports: { default: async },
        with: {
            "livehost:experiment/types": super::livehost::experiment::types,
            "livehost:experiment/state": super::livehost::experiment::state,
            "livehost:experiment/log": super::livehost::experiment::log,
            "livehost:experiment/group": super::livehost::experiment::group,
        },
    });
}

pub use app_world::exports::livehost::experiment::admin_views::{
    Guest as AdminViews, GuestIndices as AdminViewsIndices,
};
pub use app_world::exports::livehost::experiment::arrival_grouping::{
    Guest as ArrivalGrouping, GuestIndices as ArrivalGroupingIndices,
};
pub use app_world::exports::livehost::experiment::pages::{
    FieldKind, FormErrors, FormField, Guest as Pages, GuestIndices as PagesIndices, PageFiles,
    PageView, Widget,
};
pub use app_world::exports::livehost::experiment::project::{
    Description, Guest as Project, GuestIndices as ProjectIndices,
};
pub use app_world::exports::livehost::experiment::session_hooks::{
    Guest as SessionHooks, GuestIndices as SessionHooksIndices, Hooks,
};
pub use app_world::livehost::experiment::subsession::Whose;
