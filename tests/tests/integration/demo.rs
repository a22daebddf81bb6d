//! `livehost demo` as a new user runs it: the bundled examples served with
//! their participant links at `/`, and the Python auction, which the demo
//! builds with componentize-py and two bidders play. (In a binary of its own: the Python build
//! takes the machine's CPU for a while.)

use hyper::Method;
use livehost_tests::process::start;
use livehost_tests::server::{PageView, http};
use serde_json::json;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_livehost");

/// The examples the demo serves.
const EXAMPLES: [&str; 7] = [
    "auction",
    "tic-tac-toe",
    "chat",
    "ten-messages",
    "bid-validation",
    "countdown",
    "shared-counter",
];

#[test]
fn demo_serves_the_examples_with_their_links() {
    for name in EXAMPLES {
        livehost_tests::guest_path(name);
    }
    let examples = livehost_tests::guest_path("auction")
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let demo = start(
        BIN,
        &[
            "demo",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--examples",
            examples.to_str().unwrap(),
        ],
    );
    livehost_tests::rt().block_on(async {
        let (status, index) = http(Method::GET, &format!("http://{}/", demo.addr), None).await;
        assert!(status.is_success());
        for name in EXAMPLES.iter().chain(&["auction-python"]) {
            assert!(
                index.contains(&format!("<h3>{name}</h3>")),
                "{name} is not listed: {index}"
            );
        }
        let first = index.find("href=\"/p/").unwrap() + 6;
        let link = &index[first..first + index[first..].find('"').unwrap()];
        let (status, page) = http(Method::GET, &format!("http://{}{link}", demo.addr), None).await;
        assert!(
            status.is_success() && page.contains("You are bidder 1"),
            "{page}"
        );
        // The Python auction plays: the first two links under its heading
        // are one group's bidders; a bid reaches both.
        let python = &index[index.find("<h3>auction-python</h3>").unwrap()..];
        let codes: Vec<&str> = python
            .split("href=\"/p/")
            .skip(1)
            .take(2)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let mut first = PageView::open(demo.addr, codes[0], Some("Auction"), "a").await;
        let mut second = PageView::open(demo.addr, codes[1], Some("Auction"), "b").await;
        let id = first.send(&json!(10)).await;
        let bid = json!({"id_in_group": 1, "bid": 10});
        assert_eq!(first.until_ack(id).await, Ok(vec![bid.clone()]));
        assert_eq!(second.recv().await, bid);
        let id = second.send(&json!("x")).await;
        let refused = second.until_ack(id).await.unwrap_err();
        assert!(
            refused.starts_with("ValueError: a bid must be a number"),
            "{refused}"
        );
    });
    assert!(demo.terminate().success());
}
