//! Tic-tac-toe, run natively in the harness.

use livehost_guest::harness::{Harness, run_scenario};
use livehost_guest::prelude::*;

use super::TicTacToe;

fn state(board: &str, whose_turn: Value, winner: Value, draw: bool) -> Value {
    json!({"board": board, "whose_turn": whose_turn, "winner": winner, "draw": draw})
}

fn with_news(mut state: Value, square: u32, id: u32) -> Value {
    state["square"] = json!(square);
    state["id_in_group"] = json!(id);
    state
}

fn play(h: &mut Harness<TicTacToe>, moves: &[(u32, u32)]) -> Value {
    let mut last = Value::Null;
    for &(player, square) in moves {
        let got = h.send(player, json!({ "square": square })).unwrap();
        assert_eq!(got.to(1), got.to(2));
        last = got.to(1).remove(0);
    }
    last
}

#[test]
fn empty_message_broadcasts_the_state() {
    let mut h = Harness::<TicTacToe>::new();
    let got = h.send(2, json!({})).unwrap();
    let initial = state("         ", json!(1), json!(null), false);
    assert_eq!(got.to(1), got.to(2));
    assert_eq!(got.to(2), [initial]);
    assert_eq!(got.replies()[0].to, 0);
}

#[test]
fn a_move_broadcasts_state_and_news() {
    let mut h = Harness::<TicTacToe>::new();
    let got = play(&mut h, &[(1, 4)]);
    assert_eq!(
        got,
        with_news(state("    X    ", json!(2), json!(null), false), 4, 1)
    );
    let got = play(&mut h, &[(2, 0)]);
    assert_eq!(
        got,
        with_news(state("O   X    ", json!(1), json!(null), false), 0, 2)
    );
    assert_eq!(h.group_value(1, "board"), Some(json!("O   X    ")));
    let moves: Vec<Value> = h.rows("moves").into_iter().map(|r| r.3).collect();
    assert_eq!(moves, [json!({"square": 4}), json!({"square": 0})]);
}

#[test]
fn invalid_moves_are_refused_to_the_sender_only() {
    let mut h = Harness::<TicTacToe>::new();
    let cases = [
        (2, json!({"square": 0}), "it is not your turn"),
        (1, json!({"square": 9}), "from 0 to 8"),
        (1, json!({"square": -1}), "from 0 to 8"),
        (1, json!({"square": "4"}), "from 0 to 8"),
        (1, json!({"square": 1.5}), "from 0 to 8"),
        (1, json!(4), "to move"),
        (1, json!({"move": 4}), "to move"),
    ];
    for (player, data, wanted) in cases {
        let e = h.send(player, data.clone()).unwrap_err();
        assert!(e.contains(wanted), "{data}: {e}");
    }
    play(&mut h, &[(1, 4)]);
    assert!(
        h.send(2, json!({"square": 4}))
            .unwrap_err()
            .contains("already taken")
    );
    assert_eq!(h.group_value(1, "board"), Some(json!("    X    ")));
    assert_eq!(h.rows("moves").len(), 1);
}

#[test]
fn three_in_a_row_wins_and_ends_the_game() {
    let mut h = Harness::<TicTacToe>::new();
    let last = play(&mut h, &[(1, 4), (2, 0), (1, 2), (2, 1), (1, 6)]);
    assert_eq!(
        last,
        with_news(state("OOX X X  ", json!(null), json!(1), false), 6, 1)
    );
    assert!(
        h.send(2, json!({"square": 3}))
            .unwrap_err()
            .contains("the game is over")
    );
    let o_wins = &[(1, 0), (2, 3), (1, 1), (2, 4), (1, 8), (2, 5)];
    let mut h = Harness::<TicTacToe>::new();
    assert_eq!(play(&mut h, o_wins)["winner"], json!(2));
}

#[test]
fn a_full_board_without_a_line_is_a_draw() {
    let mut h = Harness::<TicTacToe>::new();
    let moves = [
        (1, 0),
        (2, 1),
        (1, 2),
        (2, 4),
        (1, 3),
        (2, 5),
        (1, 7),
        (2, 6),
        (1, 8),
    ];
    let last = play(&mut h, &moves);
    assert_eq!(
        last,
        with_news(state("XOXXOOOXX", json!(null), json!(null), true), 8, 1)
    );
}

#[test]
fn players_leave_only_when_the_game_is_over() {
    let mut h = Harness::<TicTacToe>::new();
    assert!(h.next(1, json!({})).unwrap_err().contains("not over"));
    play(&mut h, &[(1, 4), (2, 0), (1, 2), (2, 1), (1, 6)]);
    h.next(1, json!({})).unwrap();
    assert_eq!(h.page(1), Some("Results"));
}

#[test]
fn scenario_replays() {
    run_scenario::<TicTacToe>(include_str!("../scenario.json")).unwrap();
}
