//! What both instance types ([`super::SyncInstance`],
//! [`super::AsyncInstance`]) do alike, written once: instantiate into a
//! fresh sandbox, report its memory and calls, call `info` and
//! `before-next`, whose signatures the two worlds share, and lend their
//! optional `pages` and `project` ([`super::page_calls`]).

use super::bindings::livehost::experiment::types::{
    ExperimentInfo as GuestInfo, PageKind as GuestPageKind,
};
use super::bindings::{
    AdminViewsIndices, ArrivalGroupingIndices, Description, PageFiles as GuestFiles, PagesIndices,
    ProjectIndices, SessionHooksIndices,
};

use super::sandbox::GuestState;
use crate::experiment::{ExperimentInfo, Page, PageFiles, PageKind, TemplateFile};

/// A compiled component ready to instantiate: its instance-pre, where its
/// world's exports are (`I`: the world's indices) and, if it exports
/// `pages` and `project`, where those are. Looked up once, when the
/// component is loaded.
#[derive(Clone)]
pub(super) struct Ready<I> {
    pub pre: wasmtime::component::InstancePre<GuestState>,
    pub exports: I,
    pub pages: Option<PagesIndices>,
    pub project: Option<ProjectIndices>,
    pub hooks: Option<SessionHooksIndices>,
    pub admin: Option<AdminViewsIndices>,
    pub arrival: Option<ArrivalGroupingIndices>,
}

/// The optional exports' names. Lookups are semver-compatible: a component
/// built against 0.1.2 has `pages@0.1.2`, found by this name too.
const PAGES_EXPORT: &str = "livehost:experiment/pages@0.1.5";
const PROJECT_EXPORT: &str = "livehost:experiment/project@0.1.5";
const SESSION_HOOKS_EXPORT: &str = "livehost:experiment/session-hooks@0.1.5";
const ADMIN_VIEWS_EXPORT: &str = "livehost:experiment/admin-views@0.1.5";
const ARRIVAL_GROUPING_EXPORT: &str = "livehost:experiment/arrival-grouping@0.1.5";

impl<I> Ready<I> {
    /// `pre` with its world's indices (`exports`, or why they do not
    /// match) and its `pages`, if it exports them.
    pub fn new(
        pre: wasmtime::component::InstancePre<GuestState>,
        exports: impl FnOnce(&wasmtime::component::InstancePre<GuestState>) -> wasmtime::Result<I>,
    ) -> wasmtime::Result<Ready<I>> {
        let exports = exports(&pre)?;
        let has = |name: &str| pre.component().get_export_index(None, name).is_some();
        let pages = if has(PAGES_EXPORT) {
            Some(PagesIndices::new(&pre)?)
        } else {
            None
        };
        let project = if has(PROJECT_EXPORT) {
            Some(ProjectIndices::new(&pre)?)
        } else {
            None
        };
        let hooks = if has(SESSION_HOOKS_EXPORT) {
            Some(SessionHooksIndices::new(&pre)?)
        } else {
            None
        };
        let admin = if has(ADMIN_VIEWS_EXPORT) {
            Some(AdminViewsIndices::new(&pre)?)
        } else {
            None
        };
        let arrival = if has(ARRIVAL_GROUPING_EXPORT) {
            Some(ArrivalGroupingIndices::new(&pre)?)
        } else {
            None
        };
        Ok(Ready {
            pre,
            exports,
            pages,
            project,
            hooks,
            admin,
            arrival,
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

/// A project's description as the host keeps it: its apps, its session
/// configs (parsed and checked against the apps), its static files.
pub(super) fn project(
    d: Description,
) -> Result<crate::experiment::Project, crate::experiment::InfoError> {
    use crate::experiment::{AppInfo, InfoError, Project};
    let configs = crate::experiment::SessionConfig::parse_list(&d.session_configs)
        .map_err(InfoError::SessionConfigs)?;
    Ok(Project {
        apps: d
            .apps
            .into_iter()
            .map(|a| AppInfo {
                name: a.name,
                pages: a.pages,
                rounds: a.rounds,
                players_per_group: a.players_per_group,
                app_after_pages: a.app_after_pages,
            })
            .collect(),
        session_configs: configs,
        static_files: d
            .static_files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect(),
    })
}

/// The session hooks as the host keeps them.
pub(super) fn hooks(
    h: super::bindings::Hooks,
) -> (Vec<String>, Vec<crate::experiment::WaitPageSettings>) {
    let pages = h
        .wait_pages
        .into_iter()
        .map(|p| crate::experiment::WaitPageSettings {
            name: p.name,
            after_all_players_arrive: p.after_all_players_arrive,
            is_displayed: p.is_displayed,
            wait_for_all_groups: p.wait_for_all_groups,
            group_by_arrival_time: p.group_by_arrival_time,
        })
        .collect();
    (h.creating_session, pages)
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
        apps: Vec::new(),
        session_configs: Vec::new(),
        hooks: Default::default(),
        admin_views: Default::default(),
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
                let project = match &ready.project {
                    Some(p) => Some(p.load(&mut sandbox.store, &instance).map_err(failed)?),
                    None => None,
                };
                let hooks = match &ready.hooks {
                    Some(h) => Some(h.load(&mut sandbox.store, &instance).map_err(failed)?),
                    None => None,
                };
                let admin = match &ready.admin {
                    Some(a) => Some(a.load(&mut sandbox.store, &instance).map_err(failed)?),
                    None => None,
                };
                let arrival = match &ready.arrival {
                    Some(a) => Some(a.load(&mut sandbox.store, &instance).map_err(failed)?),
                    None => None,
                };
                Ok($instance {
                    sandbox,
                    bindings,
                    pages,
                    project,
                    hooks,
                    admin,
                    arrival,
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

            /// `info()` once, not counted as a call: see
            /// [`super::Runtime::instantiate_ahead`].
            pub(super) async fn warm_up(&mut self) -> Result<(), GuestFailure> {
                self.sandbox.start_warm_up();
                self.bindings
                    .call_info(&mut self.sandbox.store)
                    .await
                    .map(drop)
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
                    project: self.project.as_ref(),
                    hooks: self.hooks.as_ref(),
                    admin: self.admin.as_ref(),
                    arrival: self.arrival.as_ref(),
                }
            }
        }
    };
}
pub(super) use world_instance;
