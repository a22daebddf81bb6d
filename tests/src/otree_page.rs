//! Reading and pressing an oTree page in headless Chromium, as the oTree
//! app tests do: the text of an element, waiting for a page by its title
//! (the layout's `_otree-title`), and the Next button.

use crate::browser::{Browser, Tab};

/// JavaScript for the text of the element `id` (empty if there is none).
pub fn text_of(id: &str) -> String {
    format!("(document.getElementById('{id}') || {{innerText: ''}}).innerText.trim()")
}

/// The text of the element `id` of the page in `tab`.
pub async fn text(browser: &mut Browser, tab: &Tab, id: &str) -> String {
    browser
        .eval(tab, &text_of(id))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits until `tab` shows the page titled `title`, fully loaded.
pub async fn on_page(browser: &mut Browser, tab: &Tab, title: &str) {
    browser
        .wait_for(
            tab,
            &format!(
                "document.readyState === 'complete' && {} === {title:?}",
                text_of("_otree-title")
            ),
            &format!("the page titled {title:?} is shown"),
            "document.body && document.body.innerText",
        )
        .await;
}

/// Clicks the page's Next button.
pub async fn press_next(browser: &mut Browser, tab: &Tab) {
    browser
        .eval(
            tab,
            "document.querySelector('button.otree-btn-next').click(); true",
        )
        .await;
}

/// The error shown with form field `name` ('' if none), as oTree places it.
pub async fn field_error(browser: &mut Browser, tab: &Tab, name: &str) -> String {
    let script = format!(
        "(function () {{ var input = document.querySelector('[name=\"{name}\"]'); \
         var box = input && (input.closest('._formfield') || input.closest('.form-check')); \
         var error = box && box.querySelector('.form-control-errors'); \
         return error ? error.innerText.trim() : ''; }})()"
    );
    browser
        .eval(tab, &script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// JavaScript for the alert above a refused form ('' if none).
pub const FORM_ALERT: &str =
    "(document.querySelector('.otree-form-errors') || {innerText: ''}).innerText.trim()";

/// Runs `script` (filling the form), presses Next and waits until a page
/// is shown again: the same one with its errors, or the next.
pub async fn submit(browser: &mut Browser, tab: &Tab, script: &str) {
    browser
        .eval(
            tab,
            &format!(
                "{script}; window.__before = true; document.querySelector('button.otree-btn-next').click(); true"
            ),
        )
        .await;
    browser
        .wait_for(
            tab,
            "window.__before === undefined && document.readyState === 'complete'",
            "the form is submitted and a page shown",
            "document.body && document.body.innerText",
        )
        .await;
}
