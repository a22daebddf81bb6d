//! The LLM chat, run natively in the harness with a made-up endpoint.

use livehost_guest::harness::{FakeResponse, Harness};
use livehost_guest::prelude::*;

use super::LlmChat;

fn sse(pieces: &[&str]) -> Vec<Vec<u8>> {
    let mut chunks: Vec<Vec<u8>> = pieces
        .iter()
        .map(|p| {
            format!(
                "data: {}\n\n",
                json!({"choices": [{"delta": {"content": p}}]})
            )
            .into_bytes()
        })
        .collect();
    chunks.push(b"data: [DONE]\n\n".to_vec());
    chunks
}

fn harness() -> Harness<LlmChat> {
    Harness::<LlmChat>::new().with_http(|request| {
        let body: Value = serde_json::from_slice(&request.body).map_err(|e| e.to_string())?;
        assert_eq!(body["stream"], json!(true));
        assert_eq!(request.url, "http://llm.test/v1/chat/completions");
        let question = body["messages"]
            .as_array()
            .and_then(|m| m.last())
            .cloned()
            .unwrap_or_default();
        Ok(FakeResponse {
            status: 200,
            headers: vec![],
            chunks: sse(&[
                "You ",
                "asked: ",
                question["content"].as_str().unwrap_or(""),
            ]),
        })
    })
}

#[test]
fn the_answer_streams_to_the_group_and_is_kept() {
    let mut h = harness();
    let e = h.send(1, json!({"text": "hi"})).unwrap_err();
    assert!(e.contains("config needs url and model"), "{e}");
    h.set_session_value(
        "config",
        json!({"url": "http://llm.test/v1/chat/completions", "model": "m"}),
    );
    let got = h.send(1, json!({"text": "hi"})).unwrap();
    let want = [
        json!({"role": "user", "by": 1, "text": "hi"}),
        json!({"role": "assistant", "delta": "You "}),
        json!({"role": "assistant", "delta": "asked: "}),
        json!({"role": "assistant", "delta": "hi"}),
        json!({"role": "assistant", "text": "You asked: hi", "done": true}),
    ];
    assert_eq!(got.to(2), want);
    assert_eq!(h.group_value(1, "answering"), Some(json!(false)));
    // A page load gets the conversation.
    let history = h.send(2, json!({})).unwrap().to(2);
    assert_eq!(history, [want[0].clone(), want[4].clone()]);
    assert!(
        h.send(2, json!({"text": "  "}))
            .unwrap_err()
            .contains("your question")
    );
}

#[test]
fn sse_lines_split_across_chunks_are_joined() {
    let mut rest = String::new();
    let mut done = false;
    let line = format!(
        "data: {}\n",
        json!({"choices": [{"delta": {"content": "abc"}}]})
    );
    let (a, b) = line.split_at(10);
    assert!(super::pieces(&mut rest, a.as_bytes(), &mut done).is_empty());
    assert_eq!(super::pieces(&mut rest, b.as_bytes(), &mut done), ["abc"]);
    assert!(super::pieces(&mut rest, b"data: [DONE]\n", &mut done).is_empty());
    assert!(done);
}
