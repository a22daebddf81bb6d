//! Real pages in headless Chromium: the examples' unchanged oTree-style
//! template JavaScript, live.js and the server together. Two participants
//! bid in the auction and each sees the other's bid (also after a reload,
//! through `liveSend({})`'s history); tic-tac-toe's moves reach both
//! boards; the ten-messages page submits itself when the group is done;
//! the countdown (an async live method) ticks on both pages, which then
//! move on by themselves.

use livehost_tests::browser::{Browser, Tab};
use livehost_tests::rt;
use livehost_tests::server::TestServer;

/// A new session of `guest` for two, each participant's page open in a
/// tab of its own and loaded.
async fn two_players(server: &TestServer, browser: &mut Browser, guest: &str) -> (Tab, Tab) {
    let session = server.session(guest, 2).await;
    let mut tabs = Vec::new();
    for p in &session.participants {
        tabs.push(browser.open(&server.url(&format!("/p/{}", p.code))).await);
    }
    for tab in &tabs {
        loaded(browser, tab).await;
    }
    let second = tabs.pop().expect("two tabs");
    (tabs.pop().expect("two tabs"), second)
}

async fn loaded(browser: &mut Browser, tab: &Tab) {
    browser
        .wait_for(
            tab,
            "document.readyState === 'complete'",
            "the page loads",
            "document.body && document.body.innerText",
        )
        .await;
}

#[test]
fn two_participants_play_the_auction_and_ten_messages_in_real_pages() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let mut browser = Browser::start().await;

        // The auction: each sees the other's bid.
        let (a, b) = two_players(&server, &mut browser, "auction").await;
        let history = "document.getElementById('history').innerText";
        browser
            .eval(
                &a,
                "document.getElementById('inputbox').value = '10'; sendValue(); true",
            )
            .await;
        browser
            .wait_for(
                &b,
                &format!("/1\\s+10/.test({history})"),
                "B sees A's bid of 10",
                history,
            )
            .await;
        browser
            .eval(
                &b,
                "document.getElementById('inputbox').value = '15'; sendValue(); true",
            )
            .await;
        browser
            .wait_for(
                &a,
                &format!("/2\\s+15/.test({history})"),
                "A sees B's bid of 15",
                history,
            )
            .await;
        browser
            .wait_for(
                &a,
                &format!("/1\\s+10/.test({history})"),
                "A sees its own bid",
                history,
            )
            .await;
        // A reloaded page gets the history through liveSend({}), sent from
        // DOMContentLoaded, before the socket is open.
        browser.eval(&b, "location.reload(); true").await;
        loaded(&mut browser, &b).await;
        browser
            .wait_for(
                &b,
                &format!("/1\\s+10/.test({history}) && /2\\s+15/.test({history})"),
                "the reloaded page shows both bids",
                history,
            )
            .await;

        // The host restarts: the pages' sockets close (1001) and live.js
        // reconnects with backoff; a bid made meanwhile is queued and sent
        // once the socket is back.
        let server = server.restart().await;
        browser
            .eval(
                &a,
                "document.getElementById('inputbox').value = '20'; sendValue(); true",
            )
            .await;
        browser
            .wait_for(
                &b,
                &format!("/1\\s+20/.test({history})"),
                "B sees the bid A made across the restart",
                history,
            )
            .await;

        // Tic-tac-toe: a move reaches both boards; a move out of turn is
        // refused on the mover's page (liveError).
        let (x, o) = two_players(&server, &mut browser, "tic-tac-toe").await;
        let status = "document.getElementById('status').innerText";
        browser
            .wait_for(
                &o,
                &format!("{status}.includes('Player 1 to move')"),
                "the board is drawn",
                status,
            )
            .await;
        browser
            .eval(&o, "document.getElementById('sq0').click(); true")
            .await;
        browser
            .wait_for(
                &o,
                "document.getElementById('error').innerText.includes('not your turn')",
                "O is told it is not its turn",
                "document.getElementById('error').innerText",
            )
            .await;
        browser
            .eval(&x, "document.getElementById('sq4').click(); true")
            .await;
        browser
            .wait_for(
                &o,
                "document.getElementById('sq4').innerText === 'X'",
                "O's board shows X's move",
                "document.getElementById('board').innerText",
            )
            .await;

        // Ten messages: the page moves on by itself at the tenth.
        let (p, q) = two_players(&server, &mut browser, "ten-messages").await;
        for i in 0..10 {
            let tab = if i % 2 == 0 { &p } else { &q };
            browser
                .eval(
                    tab,
                    &format!(
                        "document.getElementById('message').value = 'm{i}'; sendMessage(); true"
                    ),
                )
                .await;
        }
        for tab in [&p, &q] {
            browser
                .wait_for(
                    tab,
                    "document.title === 'Results' && document.readyState === 'complete'",
                    "the page submitted itself to Results",
                    "document.title + ': ' + document.body.innerText",
                )
                .await;
        }
        // Countdown (async): the ticks reach both pages, which move on by
        // themselves at 0.
        let (c1, c2) = two_players(&server, &mut browser, "countdown").await;
        let remaining = "document.getElementById('remaining').innerText";
        browser
            .wait_for(
                &c2,
                &format!("['4', '3', '2'].includes({remaining})"),
                "the ticks arrive",
                remaining,
            )
            .await;
        for tab in [&c1, &c2] {
            browser
                .wait_for(
                    tab,
                    "document.title === 'Results' && document.readyState === 'complete'",
                    "the countdown's page moved on by itself",
                    "document.title + ': ' + document.body.innerText",
                )
                .await;
        }
        drop(browser);
        server.stop().await;
    });
}
