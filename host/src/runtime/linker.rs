//! The linkers of the two worlds (and the app worlds built on them, which
//! import `subsession` too): each imported interface added with the
//! getter of its context in the store's [`GuestState`], as wasmtime-wasi
//! adds WASI's; WASI itself is linked to a context that grants nothing.

use wasmtime::Engine;
use wasmtime::component::{HasSelf, Linker};

use super::bindings::app_world::livehost::experiment::subsession;
use super::bindings::async_world::livehost::experiment as async_interfaces;
use super::bindings::livehost::experiment::{group, log, state, types};
use super::imports::{CallContext, io, live};
use super::sandbox::GuestState;

/// The interfaces both worlds import, and WASI (granting nothing).
fn shared(linker: &mut Linker<GuestState>) -> wasmtime::Result<()> {
    types::add_to_linker::<GuestState, HasSelf<CallContext>>(linker, |s| &mut s.call)?;
    state::add_to_linker::<GuestState, HasSelf<CallContext>>(linker, |s| &mut s.call)?;
    log::add_to_linker::<GuestState, HasSelf<CallContext>>(linker, |s| &mut s.call)?;
    group::add_to_linker::<GuestState, HasSelf<CallContext>>(linker, |s| &mut s.call)?;
    subsession::add_to_linker::<GuestState, HasSelf<CallContext>>(linker, |s| &mut s.call)?;
    wasmtime_wasi::p2::add_to_linker_async(linker)
}

/// The linker of `experiment`-world components.
pub(super) fn sync_linker(engine: &Engine) -> anyhow::Result<Linker<GuestState>> {
    let mut linker = Linker::new(engine);
    shared(&mut linker).map_err(|e| anyhow::anyhow!("cannot link the experiment world: {e}"))?;
    Ok(linker)
}

/// The linker of `async-experiment`-world components: the shared
/// interfaces, plus `live` and `io`.
pub(super) fn async_linker(engine: &Engine) -> anyhow::Result<Linker<GuestState>> {
    let mut linker = Linker::new(engine);
    let link = |linker: &mut Linker<GuestState>| -> wasmtime::Result<()> {
        shared(linker)?;
        async_interfaces::live::add_to_linker::<GuestState, live::Live>(linker, |s| {
            live::LiveView {
                live: &mut s.live,
                call: &mut s.call,
            }
        })?;
        async_interfaces::io::add_to_linker::<GuestState, io::Io>(linker, |s| io::IoView {
            io: &mut s.io,
            live: &mut s.live,
            call: &mut s.call,
        })
    };
    link(&mut linker)
        .map_err(|e| anyhow::anyhow!("cannot link the async experiment world: {e}"))?;
    Ok(linker)
}
