//! The seeds' tic-tac-toe, in their "state + news" pattern: the group's
//! state is a board of 9 squares (a string as in the seed, `"X O XX  O"`,
//! a space for an empty square; player 1 is X, player 2 is O) and
//! `whose_turn`. Every message is answered with the whole state broadcast
//! to the group (`{0: payload}`, as in the seed), so the page's JavaScript
//! stays "dumb" and redraws the board from each message:
//!
//! - `{}` (sent when the page loads): the state alone.
//! - `{"square": n}`: a move. The state after it, plus the news
//!   `"square"` and `"id_in_group"` of who moved.
//!
//! The state is `{"board", "whose_turn", "winner", "draw"}`: `winner` is the
//! id-in-group of the winner or null, `draw` whether the board filled up
//! without one; once either is set `whose_turn` is null.
//!
//! An invalid move (not your turn, a square outside 0-8 or already taken,
//! the game over, a message that is neither) is refused with an `Err`: the
//! sender's page alone gets the text (its `liveError`), nothing is stored
//! and nobody else hears of it. Each move is also a row of the log table
//! `moves`. Players may leave the board only once the game is over.

use livehost_guest::prelude::*;

mod board;

use board::{Board, Outcome};

/// The experiment.
pub struct TicTacToe;

/// A row of the `moves` table (who moved is the row's id-in-group).
#[derive(Serialize)]
struct Move {
    square: usize,
}

/// A JSON object.
type Map = serde_json::Map<String, Value>;

/// The group's state as the seed's `get_state(group)` returns it.
fn state(group: &Group) -> Result<Map> {
    let board = Board::load(group)?;
    let outcome = board.outcome();
    let whose_turn = match outcome {
        Outcome::Playing => json!(board.whose_turn()),
        _ => Value::Null,
    };
    let winner = match outcome {
        Outcome::Won(id) => json!(id),
        _ => Value::Null,
    };
    let mut state = Map::new();
    state.insert("board".into(), json!(board));
    state.insert("whose_turn".into(), whose_turn);
    state.insert("winner".into(), winner);
    state.insert("draw".into(), json!(outcome == Outcome::Draw));
    Ok(state)
}

impl Experiment for TicTacToe {
    fn info() -> Info {
        Info::new("tic-tac-toe", 2)
            .page(Page::live("Board", include_str!("../pages/board.html")))
            .page(Page::normal(
                "Results",
                include_str!("../pages/results.html"),
            ))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let group = player.group();
        let Value::Object(data) = data else {
            bail!("send {{}} for the board or {{\"square\": n}} to move, not {data}");
        };
        let mut news = Map::new();
        if let Some(square) = data.get("square") {
            let Some(square) = square.as_u64().filter(|&s| s < 9).map(|s| s as usize) else {
                bail!("square must be a whole number from 0 to 8, not {square}");
            };
            let mut board = Board::load(&group)?;
            board.play(square, player.id_in_group())?;
            board.save(&group)?;
            player.table("moves").append(&Move { square })?;
            news.insert("square".into(), json!(square));
            news.insert("id_in_group".into(), json!(player.id_in_group()));
        } else if !data.is_empty() {
            bail!("send {{}} for the board or {{\"square\": n}} to move");
        }
        let mut payload = state(&group)?;
        payload.extend(news);
        Ok(Replies::to_group(payload))
    }

    fn before_next(player: &Player, page: &str, _form: &Form) -> Result<()> {
        if page == "Board" && Board::load(&player.group())?.outcome() == Outcome::Playing {
            bail!("the game is not over yet");
        }
        Ok(())
    }
}

livehost_guest::export_experiment!(TicTacToe);

#[cfg(test)]
mod tests;
