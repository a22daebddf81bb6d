//! An experiment's pages, compiled for rendering, once per uploaded
//! version: checked at upload (a template that does not compile refuses
//! the upload, naming the template and line) and kept by the web layer for
//! every page it shows.
//!
//! A page's body is one of two dialects. An experiment that exports
//! `pages` (contract 0.1.2) and whose body is an oTree template (it has a
//! `block` or `extends` tag) is rendered as oTree renders it
//! ([`crate::page_template`]): the variables come from the experiment's
//! page methods, and the layout is oTree's page with Bootstrap. Any other
//! body is the host's own dialect (minijinja, every value HTML-escaped)
//! placed inside the host's shell, as before 0.1.2.

use std::collections::HashMap;

use minijinja::{AutoEscape, Environment};

use crate::experiment::ExperimentInfo;
use crate::page_template::{CurrencySettings, OtreeTemplates, TemplateFile, is_otree_template};

/// An experiment's compiled pages.
pub struct ExperimentPages {
    /// Pages in the host's own dialect, by page name.
    native: Environment<'static>,
    /// oTree pages' templates (and what they include or extend).
    otree: Option<OtreeTemplates>,
    /// oTree pages: page name → template name.
    otree_pages: HashMap<String, String>,
}

/// The host's own template dialect: every value a template prints is
/// HTML-escaped, whatever its name.
pub fn native_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env
}

impl ExperimentPages {
    /// Compiles every page of `info`; the error names the page or the
    /// template and its line, and says what to fix.
    pub fn compile(info: &ExperimentInfo) -> Result<ExperimentPages, String> {
        let mut native = native_environment();
        let mut otree_pages = HashMap::new();
        let mut otree_files = Vec::new();
        let names: HashMap<&str, &str> = info
            .page_files
            .as_ref()
            .map(|f| {
                f.page_templates
                    .iter()
                    .map(|(page, template)| (page.as_str(), template.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        for page in &info.pages {
            let template = names.get(page.name.as_str()).copied();
            match template {
                Some(template) if is_otree_template(&page.body) => {
                    otree_pages.insert(page.name.clone(), template.to_string());
                    otree_files.push(TemplateFile {
                        name: template.to_string(),
                        text: page.body.clone(),
                    });
                }
                _ => native
                    .add_template_owned(page.name.clone(), page.body.clone())
                    .map_err(|e| {
                        format!(
                            "page {:?}: its HTML is not a valid template ({e}); fix the template syntax",
                            page.name
                        )
                    })?,
            }
        }
        let otree = match &info.page_files {
            Some(files) if !otree_pages.is_empty() => {
                let settings: CurrencySettings = serde_json::from_str(&files.settings)
                    .map_err(|e| {
                        format!(
                            "the experiment's settings are not oTree's display settings ({e}): USE_POINTS must be true or false, REAL_WORLD_CURRENCY_CODE a text such as \"EUR\""
                        )
                    })?;
                otree_files.dedup_by(|a, b| a.name == b.name);
                Some(
                    OtreeTemplates::compile(&otree_files, &files.templates, settings)
                        .map_err(|e| e.to_string())?,
                )
            }
            _ => None,
        };
        Ok(ExperimentPages {
            native,
            otree,
            otree_pages,
        })
    }

    /// The oTree templates and the template of `page`, if it is an oTree
    /// page.
    pub fn otree_page(&self, page: &str) -> Option<(&OtreeTemplates, &str)> {
        let template = self.otree_pages.get(page)?;
        Some((self.otree.as_ref()?, template.as_str()))
    }

    /// The oTree templates, if the experiment has oTree pages.
    pub fn otree(&self) -> Option<&OtreeTemplates> {
        self.otree.as_ref()
    }

    /// The pages in the host's own dialect.
    pub fn native(&self) -> &Environment<'static> {
        &self.native
    }
}
