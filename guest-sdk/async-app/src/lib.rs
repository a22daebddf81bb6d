//! The WIT world `async-app` for Rust: an [`AsyncExperiment`] (its live
//! method may wait and emit as it goes) with oTree's pages
//! ([`OtreePages`]). Use [`export_async_app!`] once, in the crate (a
//! `cdylib`) that builds the component, instead of `livehost_guest`'s
//! `export_async_experiment!` or `export_app!`.
//!
//! A crate of its own because wit-bindgen names the macros that export an
//! interface after the interface, at the crate's root: `livehost-guest`'s
//! `app` world exports `pages` and `project` already, and a second world
//! exporting them in the same crate would define those macros twice.
//!
//! [`AsyncExperiment`]: livehost_guest::AsyncExperiment
//! [`OtreePages`]: livehost_guest::OtreePages

#[cfg(target_arch = "wasm32")]
mod component {
    use std::marker::PhantomData;

    use livehost_guest::__private::{AsyncImports, call_before_next, call_live_method_async};
    use livehost_guest::AsyncExperiment;

    /// The raw bindings of the `async-app` world.
    #[allow(missing_docs, clippy::too_many_arguments)]
    pub mod bindings {
        wit_bindgen::generate!({
            world: "async-app",
            path: "../../wit",
            pub_export_macro: true,
            default_bindings_module: "livehost_guest_async_app::__private::bindings",
        });
    }

    use bindings::livehost::experiment::types;

    /// Implements the world's exports for `E`; what
    /// [`export_async_app!`](crate::export_async_app) exports.
    pub struct Adapter<E>(PhantomData<E>);

    livehost_guest::__livehost_convert_types!(bindings::livehost::experiment::types);
    livehost_guest::__livehost_app_imports!(AppImports, AsyncImports, bindings);

    impl<E: AsyncExperiment> bindings::Guest for Adapter<E> {
        fn info() -> types::ExperimentInfo {
            E::info().into()
        }

        async fn live_method(
            page: String,
            player: types::Player,
            data: String,
        ) -> Result<Vec<types::Message>, String> {
            let replies =
                call_live_method_async::<E>(&AppImports, &page, player.into(), &data).await?;
            Ok(replies
                .into_iter()
                .map(|(to, payload)| types::Message { to, payload })
                .collect())
        }

        fn before_next(page: String, player: types::Player, form: String) -> Result<(), String> {
            call_before_next::<E>(&AppImports, &page, player.into(), &form)
        }
    }

    livehost_guest::__livehost_page_exports!(
        bindings,
        Adapter,
        livehost_guest::AsyncExperiment,
        AppImports
    );
}

/// Re-exported for the macro; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(target_arch = "wasm32")]
    pub use crate::component::{Adapter, bindings};
}

/// Export an [`AsyncExperiment`](livehost_guest::AsyncExperiment) with
/// [`OtreePages`](livehost_guest::OtreePages) as the component's
/// implementation of the WIT world `async-app`. It expands to nothing when
/// not building for `wasm32`, so the crate also builds natively for its
/// tests (with `livehost_guest::harness`).
///
/// ```ignore
/// livehost_guest_async_app::export_async_app!(Negotiation);
/// ```
#[macro_export]
macro_rules! export_async_app {
    ($experiment:ty) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            type __LivehostApp = $crate::__private::Adapter<$experiment>;
            $crate::__private::bindings::export!(
                __LivehostApp with_types_in $crate::__private::bindings
            );
        };
    };
}
