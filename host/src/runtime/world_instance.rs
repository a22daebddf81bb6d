//! What both instance types ([`super::SyncInstance`],
//! [`super::AsyncInstance`]) do alike, written once: instantiate into a
//! fresh sandbox, report its memory and calls, call `info` and
//! `before-next`, whose signatures the two worlds share, and lend their
//! optional `pages` ([`super::page_calls`]).

use super::bindings::livehost::experiment::types::{
    ExperimentInfo as GuestInfo, PageKind as GuestPageKind,
};
use super::bindings::{PageFiles as GuestFiles, PagesIndices};

use super::sandbox::GuestState;
use crate::experiment::{ExperimentInfo, Page, PageFiles, PageKind, TemplateFile};

/// A compiled component ready to instantiate: its instance-pre, where its
/// world's exports are (`I`: the world's indices) and, if it exports
/// `pages`, where those are. Looked up once, when the component is loaded.
#[derive(Clone)]
pub(super) struct Ready<I> {
    pub pre: wasmtime::component::InstancePre<GuestState>,
    pub exports: I,
    pub pages: Option<PagesIndices>,
}

/// The `pages` export's name, as a component built against 0.1.2 has it.
const PAGES_EXPORT: &str = "livehost:experiment/pages@0.1.2";

impl<I> Ready<I> {
    /// `pre` with its world's indices (`exports`, or why they do not
    /// match) and its `pages`, if it exports them.
    pub fn new(
        pre: wasmtime::component::InstancePre<GuestState>,
        exports: impl FnOnce(&wasmtime::component::InstancePre<GuestState>) -> wasmtime::Result<I>,
    ) -> wasmtime::Result<Ready<I>> {
        let exports = exports(&pre)?;
        let pages = if pre
            .component()
            .get_export_index(None, PAGES_EXPORT)
            .is_some()
        {
            Some(PagesIndices::new(&pre)?)
        } else {
            None
        };
        Ok(Ready {
            pre,
            exports,
            pages,
        })
    }
}

/// A form field as the host keeps it.
pub(super) fn form_field(f: super::bindings::FormField) -> crate::experiment::FormField {
    use super::bindings::{FieldKind as K, Widget as W};
    use crate::experiment::{FieldKind, Widget};
    crate::experiment::FormField {
        name: f.name,
        kind: match f.kind {
            K::Integer => FieldKind::Integer,
            K::Float => FieldKind::Float,
            K::Currency => FieldKind::Currency,
            K::String => FieldKind::String,
            K::LongString => FieldKind::LongString,
            K::Boolean => FieldKind::Boolean,
        },
        label: f.label,
        widget: match f.widget {
            W::Default => Widget::Default,
            W::RadioSelect => Widget::RadioSelect,
            W::RadioSelectHorizontal => Widget::RadioSelectHorizontal,
            W::CheckboxInput => Widget::CheckboxInput,
            W::TextInput => Widget::TextInput,
            W::TextArea => Widget::TextArea,
            W::Select => Widget::Select,
        },
        choices: f.choices,
        min: f.min,
        max: f.max,
        blank: f.blank,
        value: f.value,
        help_text: f.help_text,
    }
}

/// The page files as the host keeps them.
pub(super) fn page_files(files: GuestFiles) -> PageFiles {
    PageFiles {
        page_templates: files.page_templates,
        templates: files
            .templates
            .into_iter()
            .map(|t| TemplateFile {
                name: t.name,
                text: t.text,
            })
            .collect(),
        settings: files.settings,
    }
}

/// The experiment's description as the host keeps it.
pub(super) fn experiment_info(info: GuestInfo) -> ExperimentInfo {
    ExperimentInfo {
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
        page_files: None,
    }
}

/// What both instance types do alike, for `$indices`, the world's export
/// indices: instantiate into a fresh [`Sandbox`](super::sandbox::Sandbox),
/// report its memory and calls, call `info` and `before-next`, and lend
/// its `pages`.
macro_rules! world_instance {
    ($instance:ident, $indices:ty) => {
        impl $instance {
            pub(super) async fn new(
                engine: &wasmtime::Engine,
                ready: &super::world_instance::Ready<$indices>,
                limits: &super::Limits,
            ) -> Result<$instance, GuestFailure> {
                let mut sandbox = Sandbox::new(engine, limits);
                let failed = |e: wasmtime::Error| GuestFailure::Instantiate(format!("{e:#}"));
                let instance = ready
                    .pre
                    .instantiate_async(&mut sandbox.store)
                    .await
                    .map_err(failed)?;
                let bindings = ready
                    .exports
                    .load(&mut sandbox.store, &instance)
                    .map_err(failed)?;
                let pages = match &ready.pages {
                    Some(p) => Some(p.load(&mut sandbox.store, &instance).map_err(failed)?),
                    None => None,
                };
                Ok($instance {
                    sandbox,
                    bindings,
                    pages,
                })
            }

            /// The bytes of linear memory the instance holds.
            pub fn linear_memory(&self) -> usize {
                self.sandbox.linear_memory()
            }

            /// Calls served so far.
            pub fn calls(&self) -> u64 {
                self.sandbox.calls()
            }

            /// `info()`.
            pub(super) async fn info(
                &mut self,
            ) -> Result<crate::experiment::ExperimentInfo, GuestFailure> {
                self.sandbox.start(None);
                let info = self.bindings.call_info(&mut self.sandbox.store).await;
                info.map(super::world_instance::experiment_info)
                    .map_err(|e| self.sandbox.failure(e))
            }

            /// `before-next(page, player, form)`: `Ok(Err(text))` is the
            /// guest's refusal (oTree's error_message). Returns the call
            /// back (with its writes) whatever happened.
            #[tracing::instrument(level = "debug", name = "before-next", skip_all, fields(page = %page))]
            pub async fn before_next(
                &mut self,
                call: Call,
                page: &str,
                player: Player,
                form: &str,
            ) -> (Call, Result<Result<(), String>, GuestFailure>) {
                self.sandbox.start(Some(call));
                let r = self
                    .bindings
                    .call_before_next(&mut self.sandbox.store, page, player, form)
                    .await
                    .map_err(|e| self.sandbox.failure(e));
                (self.sandbox.take_call(), r)
            }

            /// Its `pages` export, with the sandbox to call it in.
            pub(super) fn page_calls(&mut self) -> super::page_calls::PageCalls<'_> {
                super::page_calls::PageCalls {
                    sandbox: &mut self.sandbox,
                    pages: self.pages.as_ref(),
                }
            }
        }
    };
}
pub(super) use world_instance;
