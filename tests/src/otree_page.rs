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
