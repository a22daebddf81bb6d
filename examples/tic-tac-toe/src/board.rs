//! The board: 9 squares kept in group state as the seed's string
//! (`"X O XX  O"`), with the rules of the game.

use livehost_guest::prelude::*;

/// Where a game stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Moves are still to be made.
    Playing,
    /// This id-in-group has three in a row.
    Won(u32),
    /// The board is full and nobody won.
    Draw,
}

/// The 8 lines of three.
const LINES: [[usize; 3]; 8] = [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
    [0, 3, 6],
    [1, 4, 7],
    [2, 5, 8],
    [0, 4, 8],
    [2, 4, 6],
];

/// The mark of each player: 1 is X, 2 is O.
fn mark(id_in_group: u32) -> char {
    if id_in_group == 1 { 'X' } else { 'O' }
}

/// 9 squares, each `' '`, `'X'` or `'O'`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Board([char; 9]);

impl From<Board> for String {
    fn from(board: Board) -> String {
        board.0.iter().collect()
    }
}

impl Board {
    /// The group's board (empty before the first move).
    pub fn load(group: &Group) -> Result<Self> {
        let text: String = group.get_or("board", " ".repeat(9))?;
        let squares: Vec<char> = text.chars().collect();
        match squares.try_into() {
            Ok(squares) => Ok(Board(squares)),
            Err(_) => bail!("the stored board {text:?} does not have 9 squares"),
        }
    }

    /// Store the board in the group.
    pub fn save(&self, group: &Group) -> Result<()> {
        group.set("board", &String::from(self.clone()))
    }

    /// Who moves next: X (1) when both have made as many moves.
    pub fn whose_turn(&self) -> u32 {
        let count = |m| self.0.iter().filter(|&&c| c == m).count();
        if count('X') == count('O') { 1 } else { 2 }
    }

    /// Won, drawn or still playing.
    pub fn outcome(&self) -> Outcome {
        for line in LINES {
            let [a, b, c] = line.map(|i| self.0[i]);
            if a != ' ' && a == b && b == c {
                return Outcome::Won(if a == 'X' { 1 } else { 2 });
            }
        }
        if self.0.contains(&' ') {
            Outcome::Playing
        } else {
            Outcome::Draw
        }
    }

    /// Mark `square` (0-8) for `id_in_group`, if the rules allow it.
    pub fn play(&mut self, square: usize, id_in_group: u32) -> Result<()> {
        if self.outcome() != Outcome::Playing {
            bail!("the game is over");
        }
        if self.whose_turn() != id_in_group {
            bail!("it is not your turn");
        }
        match self.0.get(square) {
            Some(' ') => {}
            Some(_) => bail!("square {square} is already taken"),
            None => bail!("square must be a whole number from 0 to 8, not {square}"),
        }
        self.0[square] = mark(id_in_group);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(s: &str) -> Board {
        let squares: Vec<char> = s.chars().collect();
        Board(squares.try_into().unwrap())
    }

    #[test]
    fn outcomes() {
        assert_eq!(board("         ").outcome(), Outcome::Playing);
        assert_eq!(board("XXXOO    ").outcome(), Outcome::Won(1));
        assert_eq!(board("XX OOOX  ").outcome(), Outcome::Won(2));
        assert_eq!(board("X O X O X").outcome(), Outcome::Won(1));
        assert_eq!(board("XOXXOOOXX").outcome(), Outcome::Draw);
    }

    #[test]
    fn rules() {
        let mut b = board("         ");
        assert_eq!(b.whose_turn(), 1);
        assert!(
            b.play(0, 2)
                .unwrap_err()
                .message()
                .contains("not your turn")
        );
        b.play(4, 1).unwrap();
        assert_eq!(b.whose_turn(), 2);
        assert!(b.play(4, 2).unwrap_err().message().contains("taken"));
        assert!(b.play(9, 2).is_err());
        assert_eq!(String::from(b), "    X    ");
    }
}
