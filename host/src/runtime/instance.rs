//! A group's instance of its session's experiment: one wasmtime store and
//! the component instantiated in it, running that group's calls one at a
//! time. It never serves another group.
//!
//! After any [`GuestFailure`] (trap, deadline, memory cap) the instance is
//! unusable (wasmtime refuses to enter it again) and the owner drops it; the
//! next call gets a fresh one.

use std::time::Duration;

use wasmtime::{Engine, Store, UpdateDeadline};

use super::bindings::async_world::AsyncExperiment;
use super::bindings::livehost::experiment::types::PageKind as GuestPageKind;
use super::bindings::{Experiment as SyncBindings, GuestState, Message, Player, Segments};
use super::call::Call;
use super::{EPOCH_TICK, Limits, Pre};
use crate::experiment::{ExperimentInfo, Page, PageKind};

/// The guest misbehaved; the instance must be dropped.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GuestFailure {
    #[error("the experiment crashed: {0}")]
    Trap(String),
    #[error("the experiment ran longer than {0:?} and was stopped")]
    Timeout(Duration),
    #[error("the experiment tried to use more than {0} MiB of memory and was stopped")]
    Memory(usize),
    #[error("the experiment could not be started: {0}")]
    Instantiate(String),
    /// An async call could not get its next turn (the host is stopping).
    #[error("the call was stopped: {0}")]
    Cancelled(String),
}

/// How an async call ended.
pub struct AsyncEnd {
    /// The last segment's call, if one was running.
    pub call: Option<Call>,
    /// Messages the last segment emitted (before its returned ones).
    pub emitted: Vec<Message>,
    pub outcome: Result<Result<Vec<Message>, String>, GuestFailure>,
}

/// The instance's exports, by world.
enum Bindings {
    Sync(SyncBindings),
    Async(AsyncExperiment),
}

pub struct GroupInstance {
    store: Store<GuestState>,
    bindings: Bindings,
    calls: u64,
    deadline: Duration,
    memory_bytes: usize,
}

impl GroupInstance {
    pub(super) async fn new(
        engine: &Engine,
        pre: &Pre,
        limits: &Limits,
    ) -> Result<GroupInstance, GuestFailure> {
        let mut state = GuestState::new(limits.memory_bytes);
        state.max_sleep = limits.async_call_deadline;
        let mut store = Store::new(engine, state);
        store.limiter(|s| &mut s.memory);
        let deadline_ticks = limits
            .call_deadline
            .as_millis()
            .div_ceil(EPOCH_TICK.as_millis())
            .max(1) as u64;
        store.epoch_deadline_callback(move |mut ctx| {
            let data = ctx.data_mut();
            data.ticks += 1;
            if data.ticks >= deadline_ticks {
                data.timed_out = true;
                Ok(UpdateDeadline::Interrupt)
            } else {
                // Let other groups run, then continue.
                Ok(UpdateDeadline::Yield(1))
            }
        });
        store.set_epoch_deadline(1);
        let failed = |e: wasmtime::Error| GuestFailure::Instantiate(format!("{e:#}"));
        let bindings = match pre {
            Pre::Sync(pre) => {
                Bindings::Sync(pre.instantiate_async(&mut store).await.map_err(failed)?)
            }
            Pre::Async(pre) => {
                Bindings::Async(pre.instantiate_async(&mut store).await.map_err(failed)?)
            }
        };
        Ok(GroupInstance {
            store,
            bindings,
            calls: 0,
            deadline: limits.call_deadline,
            memory_bytes: limits.memory_bytes,
        })
    }

    /// The bytes of linear memory the instance's memories hold in all (its
    /// heap as the guest sized it; the pages it touched are fewer).
    pub fn linear_memory(&self) -> usize {
        self.store.data().memory.total
    }

    /// Calls served so far.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    fn start(&mut self, call: Option<Call>) {
        self.calls += 1;
        let data = self.store.data_mut();
        data.call = call;
        data.ticks = 0;
        data.timed_out = false;
        self.store.set_epoch_deadline(1);
    }

    fn failure(&mut self, e: wasmtime::Error) -> GuestFailure {
        let data = self.store.data();
        if data.timed_out {
            return GuestFailure::Timeout(self.deadline);
        }
        if data.memory.hit {
            return GuestFailure::Memory(self.memory_bytes >> 20);
        }
        let stderr = data.stderr.contents();
        let stderr = String::from_utf8_lossy(&stderr);
        let panic = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" | ");
        let trap = e
            .downcast_ref::<wasmtime::Trap>()
            .map(|t| t.to_string())
            .unwrap_or_else(|| format!("{e}"));
        if panic.is_empty() {
            GuestFailure::Trap(trap)
        } else {
            GuestFailure::Trap(format!("{panic} ({trap})"))
        }
    }

    /// `info()`.
    pub(super) async fn info(&mut self) -> Result<ExperimentInfo, GuestFailure> {
        self.start(None);
        let info = match &self.bindings {
            Bindings::Sync(b) => b.call_info(&mut self.store).await,
            Bindings::Async(b) => b.call_info(&mut self.store).await,
        }
        .map_err(|e| self.failure(e))?;
        Ok(ExperimentInfo {
            name: info.name,
            players_per_group: info.players_per_group,
            rounds: info.rounds,
            pages: info
                .pages
                .into_iter()
                .map(|p| Page {
                    name: p.name,
                    body: p.body,
                    kind: match p.kind {
                        GuestPageKind::Normal => PageKind::Normal,
                        GuestPageKind::Live => PageKind::Live,
                        GuestPageKind::Wait => PageKind::Wait,
                    },
                    next_button: p.next_button,
                })
                .collect(),
        })
    }

    /// `live-method(page, player, data)`: the guest's replies or its own
    /// refusal text. Returns the call back (with its writes) whatever
    /// happened.
    pub async fn live_method(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        data: &str,
    ) -> (Call, Result<Result<Vec<Message>, String>, GuestFailure>) {
        self.start(Some(call));
        let r = match &self.bindings {
            Bindings::Sync(b) => {
                b.call_live_method(&mut self.store, page, player, data)
                    .await
            }
            Bindings::Async(_) => Err(wasmtime::Error::msg(
                "an async live method runs in an instance of its own (live_method_async)",
            )),
        };
        let r = r.map_err(|e| self.failure(e));
        let call = self.take_call();
        (call, r)
    }

    /// An async `live-method` in this instance, which serves only this
    /// call: `first` is the first segment's call; at each await the
    /// segment is handed to `segments`. Returns the last segment's call
    /// (`None` if the call ended while waiting for a turn) with its emitted
    /// messages, and the outcome.
    pub async fn live_method_async(
        mut self,
        first: Call,
        segments: std::sync::Arc<dyn Segments>,
        outbound: std::sync::Arc<super::outbound::Outbound>,
        page: &str,
        player: Player,
        data: &str,
    ) -> AsyncEnd {
        self.start(Some(first));
        self.store.data_mut().segments = Some(segments);
        self.store.data_mut().outbound = outbound;
        let Bindings::Async(bindings) = &self.bindings else {
            return AsyncEnd {
                call: self.store.data_mut().call.take(),
                emitted: Vec::new(),
                outcome: Err(GuestFailure::Instantiate(
                    "this experiment's live method is not async".into(),
                )),
            };
        };
        let (page, data) = (page.to_string(), data.to_string());
        let r = self
            .store
            .run_concurrent(async move |acc| {
                bindings.call_live_method(acc, page, player, data).await
            })
            .await;
        let outcome = match r {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) | Err(e) => Err(self.failure(e)),
        };
        let data = self.store.data_mut();
        let outcome = match (outcome, data.cancelled.take()) {
            (Err(_), Some(why)) => Err(GuestFailure::Cancelled(why)),
            (o, _) => o,
        };
        AsyncEnd {
            call: data.call.take(),
            emitted: std::mem::take(&mut data.emitted),
            outcome,
        }
    }

    /// `before-next(page, player, form)`.
    pub async fn before_next(
        &mut self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        self.start(Some(call));
        let r = match &self.bindings {
            Bindings::Sync(b) => {
                b.call_before_next(&mut self.store, page, player, form)
                    .await
            }
            Bindings::Async(b) => {
                b.call_before_next(&mut self.store, page, player, form)
                    .await
            }
        };
        let r = r.map_err(|e| self.failure(e));
        let call = self.take_call();
        (call, r)
    }

    fn take_call(&mut self) -> Call {
        match self.store.data_mut().call.take() {
            Some(call) => call,
            // start() always puts the call in, and only take_call removes it.
            None => unreachable!("the call is in the store for the whole call"),
        }
    }
}
