//! A group chats with an LLM, whose answer streams in token by token: the
//! seeds' "asynchronous live methods (AI, web APIs)". The live method
//! calls an OpenAI-compatible chat-completions endpoint with
//! `stream: true` and emits each piece of the answer to the group as it
//! arrives, while the group's other messages are served.
//!
//! The session's configuration (`config`) names the endpoint and model:
//! `{"url": "https://api.openai.com/v1/chat/completions", "model":
//! "gpt-4o-mini"}`. The API key is not in it: the admin puts the endpoint's
//! host on the session's allowlist with an `Authorization` header, which
//! livehost adds to the request; the experiment never sees it.
//!
//! - `{"text": "..."}`: the text goes to the group as `{"role": "user",
//!   "by": id, "text": text}`, then the answer as `{"role": "assistant",
//!   "delta": piece}` messages, then `{"role": "assistant", "text": whole,
//!   "done": true}`. Both are rows of the log table `chat`.
//! - `{}` (page load): the conversation so far, to the sender, one message
//!   per turn in the shapes above (the assistant's with `done`).
//!
//! One answer at a time per group: a question while one is streaming is
//! refused with an error, so the conversation stays in order.

use livehost_guest::AsyncExperiment;
use livehost_guest::http::Request;
use livehost_guest::prelude::*;

/// The experiment.
pub struct LlmChat;

/// The longest question, in characters.
pub const MAX_CHARS: usize = 2000;

/// A row of the `chat` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Turn {
    role: String,
    text: String,
}

/// What the session's `config` must hold.
#[derive(Debug, Deserialize)]
struct Config {
    url: String,
    model: String,
}

/// The content pieces in a chunk of a server-sent-events stream of
/// chat-completion chunks; `done` once `data: [DONE]` was seen. `rest`
/// keeps an incomplete last line for the next chunk.
fn pieces(rest: &mut String, chunk: &[u8], done: &mut bool) -> Vec<String> {
    rest.push_str(&String::from_utf8_lossy(chunk));
    let mut out = Vec::new();
    while let Some(end) = rest.find('\n') {
        let line: String = rest.drain(..=end).collect();
        let Some(data) = line.trim().strip_prefix("data:") else {
            continue;
        };
        let data = data.trim();
        if data == "[DONE]" {
            *done = true;
            continue;
        }
        let Ok(v) = serde_json::from_str::<Value>(data) else {
            continue;
        };
        if let Some(text) = v["choices"][0]["delta"]["content"].as_str()
            && !text.is_empty()
        {
            out.push(text.to_string());
        }
    }
    out
}

impl AsyncExperiment for LlmChat {
    fn info() -> Info {
        Info::new("llm-chat", 2)
            .page(Page::live("Chat", include_str!("chat.html")))
            .page(Page::normal("Thanks", include_str!("thanks.html")))
    }

    async fn live_method(player: &Player<'_>, _page: &str, data: Value) -> Result<Replies> {
        let chat = player.table("chat");
        let me = player.id_in_group();
        let Some(text) = data.get("text") else {
            let mut history = Replies::none();
            for row in chat.rows::<Turn>()? {
                let turn = row.fields;
                if turn.role == "user" {
                    history.push(
                        me,
                        json!({"role": "user", "by": row.id_in_group, "text": turn.text}),
                    );
                } else {
                    history.push(
                        me,
                        json!({"role": "assistant", "text": turn.text, "done": true}),
                    );
                }
            }
            return Ok(history);
        };
        let Some(text) = text.as_str().map(str::trim).filter(|t| !t.is_empty()) else {
            bail!("send {{\"text\": \"your question\"}}");
        };
        if text.chars().count() > MAX_CHARS {
            bail!("a question is at most {MAX_CHARS} characters long");
        }
        let group = player.group();
        if group.get_or("answering", false)? {
            bail!("the assistant is still answering: wait for it to finish");
        }
        let config: Config = serde_json::from_value(
            player.session().get_or("config", Value::Null)?,
        )
        .map_err(|e| {
            Error::new(format!(
                "the session's config needs url and model ({e}): ask the experimenter"
            ))
        })?;
        let mut messages = vec![json!({"role": "system", "content": "You answer briefly."})];
        for row in chat.rows::<Turn>()? {
            messages.push(json!({"role": row.fields.role, "content": row.fields.text}));
        }
        messages.push(json!({"role": "user", "content": text}));
        chat.append(&Turn {
            role: "user".into(),
            text: text.into(),
        })?;
        group.set("answering", &true)?;
        player.emit(Replies::to_group(
            json!({"role": "user", "by": me, "text": text}),
        ))?;

        let request = Request::post_json(
            config.url,
            &json!({"model": config.model, "stream": true, "messages": messages}),
        )?;
        let answer: Result<String> = async {
            let mut response = player.fetch(request).await?;
            if response.status != 200 {
                let status = response.status;
                let body = response.text().await.unwrap_or_default();
                bail!(
                    "the assistant is not available (HTTP {status}: {})",
                    body.chars().take(200).collect::<String>()
                );
            }
            let (mut rest, mut done, mut whole) = (String::new(), false, String::new());
            while !done {
                let Some(chunk) = response.chunk().await? else {
                    break;
                };
                for piece in pieces(&mut rest, &chunk, &mut done) {
                    whole.push_str(&piece);
                    player.emit(Replies::to_group(
                        json!({"role": "assistant", "delta": piece}),
                    ))?;
                }
            }
            Ok(whole)
        }
        .await;
        // Whatever happened, the group may ask again.
        group.set("answering", &false)?;
        let whole = answer?;
        chat.append(&Turn {
            role: "assistant".into(),
            text: whole.clone(),
        })?;
        Ok(Replies::to_group(
            json!({"role": "assistant", "text": whole, "done": true}),
        ))
    }
}

livehost_guest::export_async_experiment!(LlmChat);

#[cfg(test)]
mod tests;
