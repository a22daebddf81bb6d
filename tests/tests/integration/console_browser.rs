//! The researcher console in headless Chromium, as a researcher uses it:
//! log in with the admin token, upload the auction by picking its file and
//! another component by dropping it (and see a file that is not one
//! refused), create a session of two, open both participants' links in two tabs and
//! bid, watch them appear in the monitor and their bids in the message log
//! (the whole session's, then group 1's), move one on with Advance, and
//! download the message log as CSV and check its rows. A participant's page,
//! opened in the browser that holds the console's login, cannot read a
//! console page or close the session.
//!
//! With `LIVEHOST_SCREENSHOT=<file.png>` it also saves a picture of the
//! monitor (README's).

use livehost_tests::browser::{Browser, Tab};
use livehost_tests::server::{TOKEN, TestServer};
use livehost_tests::{Steps, rt};

async fn wait(browser: &mut Browser, tab: &Tab, condition: &str, what: &str) {
    browser
        .wait_for(
            tab,
            condition,
            what,
            "location.pathname + ' | ' + (document.body ? document.body.innerText.slice(0, 600) : '')",
        )
        .await;
}

async fn go(browser: &mut Browser, tab: &Tab, path: &str, ready: &str) {
    browser
        .eval(
            tab,
            &format!("location.href = {}; true", serde_json::json!(path)),
        )
        .await;
    wait(
        browser,
        tab,
        &format!(
            "location.pathname === {} && document.readyState === 'complete' && !!document.querySelector({})",
            serde_json::json!(path),
            serde_json::json!(ready)
        ),
        &format!("{path} shows {ready}"),
    )
    .await;
}

/// Whether the monitor's log has a live entry from participant `from`
/// whose data is `data`.
fn logged(from: u32, data: &str) -> String {
    format!(
        "Array.from(document.querySelectorAll('#log tr[data-kind=live]')).some(tr => tr.dataset.from === '{from}' && tr.querySelector('.data').textContent === '{data}')"
    )
}

#[test]
fn a_researcher_runs_a_session_from_the_console() {
    rt().block_on(async {
        let mut steps = Steps::new("a researcher runs a session from the console");
        let downloads = tempfile::tempdir().unwrap();
        let server = TestServer::start().await;
        let mut browser = Browser::start().await;
        browser.download_into(downloads.path()).await;

        steps.step("log in");
        // Log in.
        let console = browser.open(&server.url("/admin")).await;
        wait(&mut browser, &console, "!!document.getElementById('token')", "the login form").await;
        browser
            .eval(
                &console,
                &format!("document.getElementById('token').value = '{TOKEN}'; document.getElementById('login').submit(); true"),
            )
            .await;
        wait(
            &mut browser,
            &console,
            "location.pathname === '/admin/sessions' && !!document.getElementById('logout')",
            "logged in, on the sessions page",
        )
        .await;
        let cookie_visible = browser.eval(&console, "document.cookie").await;
        assert_eq!(cookie_visible, "", "the login cookie is HttpOnly");

        steps.step("upload the auction by picking its file");
        // Upload the auction by picking its file; the progress reaches 100
        // and the version is listed.
        go(&mut browser, &console, "/admin/experiments", "#drop").await;
        let wasm = livehost_tests::guest_path("auction");
        browser.pick_file(&console, "#file", &wasm).await;
        wait(
            &mut browser,
            &console,
            "document.readyState === 'complete' && ((!!document.querySelector('#experiments tr[data-sha]') && document.getElementById('upload-status').textContent.startsWith('Uploaded')) || document.getElementById('upload-status').className === 'error')",
            "the upload is listed",
        )
        .await;
        let progress = browser
            .eval(
                &console,
                "[document.getElementById('progress').value, document.getElementById('upload-status').textContent]",
            )
            .await;
        assert_eq!(progress[0], 100, "the progress reached 100: {progress}");
        assert!(
            progress[1].as_str().is_some_and(|t| t.starts_with("Uploaded auction (")),
            "{progress}"
        );
        let listed = browser
            .eval(&console, "document.querySelector('#experiments tbody').innerText")
            .await;
        let listed = listed.as_str().unwrap_or("");
        assert!(listed.contains("auction") && listed.contains("Auction, Results"), "{listed}");

        steps.step("drop a component on the page, then a file that is not one");
        // Drop another component on the page, as from a file manager; then
        // a file that is not one, which is refused with the host's reason.
        let drop = |name: &str, bytes: &[u8]| {
            use base64::Engine;
            format!(
                "(() => {{ const bytes = Uint8Array.from(atob('{}'), c => c.charCodeAt(0)); const dt = new DataTransfer(); dt.items.add(new File([bytes], '{name}')); document.getElementById('drop').dispatchEvent(new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }})); return true; }})()",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )
        };
        browser
            .eval(&console, &drop("chat.wasm", &livehost_tests::guest("chat")))
            .await;
        wait(
            &mut browser,
            &console,
            "document.readyState === 'complete' && !!document.getElementById('experiments') && document.getElementById('experiments').innerText.includes('chat') && document.getElementById('upload-status').textContent.startsWith('Uploaded chat')",
            "the dropped component is listed",
        )
        .await;
        browser
            .eval(&console, &drop("notes.txt", b"not a component"))
            .await;
        wait(
            &mut browser,
            &console,
            "document.getElementById('upload-status').className === 'error'",
            "a file that is not a component is refused",
        )
        .await;
        let refusal = browser
            .eval(&console, "document.getElementById('upload-status').textContent")
            .await;
        assert!(
            refusal.as_str().is_some_and(|r| r.starts_with("Not uploaded: ") && r.len() > 40),
            "{refusal}"
        );

        steps.step("create a session of two of the auction");
        // Create a session of two of the auction.
        go(&mut browser, &console, "/admin/sessions", "#new-session").await;
        browser
            .eval(
                &console,
                "const sel = document.getElementById('experiment'); sel.value = Array.from(sel.options).find(o => o.text.startsWith('auction ')).value; document.getElementById('participants').value = '2'; document.querySelector('#new-session button').click(); true",
            )
            .await;
        wait(
            &mut browser,
            &console,
            "/^\\/admin\\/sessions\\/[a-z2-7]{20}$/.test(location.pathname) && !!document.getElementById('monitor')",
            "the new session's page",
        )
        .await;
        let links = browser
            .eval(
                &console,
                "Array.from(document.querySelectorAll('#participant-links a')).map(a => a.href)",
            )
            .await;
        let links: Vec<String> = serde_json::from_value(links).expect("two links");
        assert_eq!(links.len(), 2);
        wait(
            &mut browser,
            &console,
            "document.getElementById('monitor-status').textContent === 'live'",
            "the monitor is live",
        )
        .await;

        steps.step("two participants open their pages: the monitor shows both connected");
        // Two participants open their pages: the monitor shows both
        // connected, on the auction page.
        let a = browser.open(&links[0]).await;
        let b = browser.open(&links[1]).await;
        for tab in [&a, &b] {
            wait(&mut browser, tab, "!!document.getElementById('inputbox')", "the auction page").await;
        }
        wait(
            &mut browser,
            &console,
            "document.querySelectorAll('#participants tr[data-connected=\"1\"][data-page=\"Auction\"]').length === 2",
            "both participants connected on Auction in the monitor",
        )
        .await;

        steps.step("a participant's page cannot act as the logged-in researcher");
        // The same browser holds the console's login. A script of the
        // participant's page (the experiment's own, or one injected
        // through it) tries to read the session's console page for its
        // CSRF token and to close the session with it; the page runs in
        // an opaque origin, so neither works, and its live page goes on
        // (the bids below).
        let session_code = browser
            .eval(&console, "location.pathname.split('/').pop()")
            .await;
        let session_code = session_code.as_str().expect("the session's code").to_string();
        let attack = format!(
            r#"(async () => {{
                const out = {{ origin: window.origin }};
                let page = '';
                try {{
                    const r = await fetch('/admin/sessions/{session_code}', {{ credentials: 'include' }});
                    page = await r.text();
                    out.read = 'read ' + r.status;
                }} catch (e) {{ out.read = 'blocked'; }}
                const m = page.match(/name="csrf" value="([^"]+)"/);
                out.csrf = m ? 'found' : 'none';
                try {{
                    await fetch('/admin/sessions/{session_code}/close', {{
                        method: 'POST', credentials: 'include', mode: 'no-cors',
                        headers: {{ 'content-type': 'application/x-www-form-urlencoded' }},
                        body: 'csrf=' + encodeURIComponent(m ? m[1] : ''),
                    }});
                    out.post = 'sent';
                }} catch (e) {{ out.post = 'blocked'; }}
                // And as a form, in a window of its own.
                const form = document.createElement('form');
                form.method = 'post';
                form.target = '_blank';
                form.action = '/admin/sessions/{session_code}/close';
                const csrf = document.createElement('input');
                csrf.type = 'hidden';
                csrf.name = 'csrf';
                csrf.value = m ? m[1] : '';
                form.appendChild(csrf);
                document.body.appendChild(form);
                form.submit();
                await new Promise(done => setTimeout(done, 1000));
                return out;
            }})()"#
        );
        let out = browser.eval(&a, &attack).await;
        assert_eq!(out["origin"], "null", "the page's origin: {out}");
        assert_eq!(out["read"], "blocked", "the console page was read: {out}");
        assert_eq!(out["csrf"], "none", "{out}");
        let shown = server
            .api(hyper::Method::GET, &format!("/api/sessions/{session_code}"), None)
            .await
            .unwrap();
        assert!(shown["closed_ms"].is_null(), "the page's script closed the session: {out}");

        steps.step("their bids appear in the log as they are made");
        // Their bids appear in the log as they are made.
        browser
            .eval(&a, "document.getElementById('inputbox').value = '10'; sendValue(); true")
            .await;
        wait(&mut browser, &console, &logged(1, "10"), "A's bid in the log").await;
        browser
            .eval(&b, "document.getElementById('inputbox').value = '15'; sendValue(); true")
            .await;
        wait(&mut browser, &console, &logged(2, "15"), "B's bid in the log").await;
        wait(
            &mut browser,
            &console,
            "/^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$/.test(document.querySelector('#participants tr[data-participant=\"2\"] .message').textContent)",
            "B's last message time in the monitor",
        )
        .await;
        let replies = browser
            .eval(&console, "document.querySelector('#log tr[data-kind=live] .replies').textContent")
            .await;
        assert!(
            replies.as_str().is_some_and(|r| r.contains("P1, P2") && r.contains("\"bid\":15")),
            "the newest entry shows its broadcast: {replies}"
        );

        steps.step("group 1's log: the same bids (the history comes from the data file)");
        // Group 1's log: the same bids (the history comes from the data file).
        browser
            .eval(
                &console,
                "const s = document.getElementById('log-group'); s.value = '1'; s.dispatchEvent(new Event('change')); true",
            )
            .await;
        wait(
            &mut browser,
            &console,
            &format!("location.search === '?group=1' && {} && {}", logged(1, "10"), logged(2, "15")),
            "group 1's log",
        )
        .await;

        steps.step("advance participant 1: their page moves on, the monitor and the log say so");
        // Advance participant 1: their page moves on, the monitor and the
        // log say so.
        browser
            .eval(
                &console,
                "window.confirm = () => true; document.querySelector('#participants tr[data-participant=\"1\"] .actions button').click(); true",
            )
            .await;
        wait(
            &mut browser,
            &console,
            "location.search.startsWith('?group=1&') && !!document.getElementById('note') && document.getElementById('note').textContent.includes('moved on') && document.querySelector('#participants tr[data-participant=\"1\"]').dataset.page === 'Results' && !!document.querySelector('#log tr[data-kind=admin]')",
            "participant 1 on Results in the monitor, the advance in the log",
        )
        .await;
        wait(
            &mut browser,
            &a,
            "document.body.innerText.includes('The auction is over')",
            "A's page moved on to Results",
        )
        .await;

        if let Ok(path) = std::env::var("LIVEHOST_SCREENSHOT") {
            let png = browser.screenshot(&console, 1280).await;
            std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        }

        steps.step("download the message log as CSV and check its rows");
        // Download the message log as CSV and check its rows.
        let code = browser
            .eval(&console, "document.getElementById('monitor').dataset.session")
            .await;
        let code = code.as_str().expect("the session's code").to_string();
        browser
            .eval(
                &console,
                "document.querySelector('a[data-part=messages][data-format=csv]').click(); true",
            )
            .await;
        let file = downloads.path().join(format!("{code}-messages.csv"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !file.exists() {
            assert!(
                std::time::Instant::now() < deadline,
                "the download {} did not arrive within 20 s",
                file.display()
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let mut csv = csv::Reader::from_path(&file).unwrap();
        let headers = csv.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (kind, from, data) = (column("kind"), column("participant_id"), column("data"));
        let rows: Vec<(String, String, String)> = csv
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[kind].to_string(), r[from].to_string(), r[data].to_string())
            })
            .collect();
        let has = |k: &str, p: &str, d: &str| rows.iter().any(|r| r.0 == k && r.1 == p && r.2 == d);
        assert!(has("live", "1", "10"), "A's bid: {rows:?}");
        assert!(has("live", "2", "15"), "B's bid: {rows:?}");
        assert!(has("admin", "1", r#"{"action":"advance"}"#), "the advance: {rows:?}");
        assert_eq!(
            rows.len(),
            server.host.store().messages(&code, None, usize::MAX).unwrap().len(),
            "every entry of the log"
        );
        server.stop().await;
    });
}
