//! Problems found in a file, each with the place it was found: one type
//! for every reader in the project (observations, key inputs, placement
//! files, pledges, labour records), so that every file error reads the same
//! way, `file:line:column: what to do`.

use std::fmt;
use std::sync::Arc;

use crate::record::Field;

/// Where in a file something is: a line and column of a text file (both
/// 1-based, column counted in fields for CSV and in characters for JSON),
/// or a cell of a workbook sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    Text {
        file: Arc<str>,
        line: u64,
        column: Option<usize>,
    },
    Cell {
        file: Arc<str>,
        sheet: Arc<str>,
        /// 1-based, as the spreadsheet shows it.
        row: u32,
        /// 0-based column index, shown as a letter.
        column: u32,
    },
}

impl Position {
    pub fn file(&self) -> &str {
        match self {
            Position::Text { file, .. } | Position::Cell { file, .. } => file,
        }
    }

    /// The line (text) or row (sheet), for ordering and summaries.
    pub fn line(&self) -> u64 {
        match self {
            Position::Text { line, .. } => *line,
            Position::Cell { row, .. } => *row as u64,
        }
    }

    /// The column, 1-based (a field of a CSV row, a character of JSON, a
    /// sheet's column A as 1), when the position has one.
    pub fn column(&self) -> Option<usize> {
        match self {
            Position::Text { column, .. } => *column,
            Position::Cell { column, .. } => Some(*column as usize + 1),
        }
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Text {
                file,
                line,
                column: Some(c),
            } => write!(f, "{file}:{line}:{c}"),
            Position::Text {
                file,
                line,
                column: None,
            } => write!(f, "{file}:{line}"),
            Position::Cell {
                file,
                sheet,
                row,
                column,
            } => write!(f, "{file}:{sheet}!{}{row}", column_letters(*column)),
        }
    }
}

/// Where a parsed record came from: its row, and the column of each of its
/// fields where the file has one, so that a refusal made after parsing (a
/// period that has not begun, another country's figures, a row given twice)
/// names the column as the parser's own refusals do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    row: Position,
    /// Each field's column, in the row position's own convention (1-based
    /// for text, the 0-based sheet index for a cell).
    columns: [Option<u32>; 10],
}

impl Origin {
    /// A row whose fields have no columns of their own (JSON, say).
    pub fn row(row: Position) -> Self {
        Origin {
            row,
            columns: [None; 10],
        }
    }

    /// `field` is in the row's 0-based column `index` (counted in fields for
    /// text, from column A for a sheet).
    pub fn with(mut self, field: Field, index: usize) -> Self {
        let column = match self.row {
            Position::Text { .. } => index + 1,
            Position::Cell { .. } => index,
        };
        self.columns[slot(field)] = u32::try_from(column).ok();
        self
    }

    /// The row, without a column.
    pub fn position(&self) -> &Position {
        &self.row
    }

    /// Where `field` is: its cell, or the row when the file has no column
    /// for it (a constant of the format, such as CBP's reporter).
    pub fn field(&self, field: Field) -> Position {
        let Some(column) = self.columns[slot(field)] else {
            return self.row.clone();
        };
        match &self.row {
            Position::Text { file, line, .. } => Position::Text {
                file: file.clone(),
                line: *line,
                column: Some(column as usize),
            },
            Position::Cell {
                file, sheet, row, ..
            } => Position::Cell {
                file: file.clone(),
                sheet: sheet.clone(),
                row: *row,
                column,
            },
        }
    }
}

fn slot(field: Field) -> usize {
    match field {
        Field::Reporter => 0,
        Field::Location => 1,
        Field::Nationality => 2,
        Field::Indicator => 3,
        Field::Period => 4,
        Field::Value => 5,
        Field::Source => 6,
        Field::Share => 7,
        Field::ShareWith => 8,
        Field::Breakdown => 9,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Position,
    pub message: String,
}

/// "1 problem", "3 problems": how many a refusal found, as its message
/// begins.
pub fn count_of_problems(n: usize) -> String {
    format!("{n} problem{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The problems of one file: the first [`Problems::KEPT`] in full, then a
/// count, so that a file that is wrong on every line still gives a short,
/// useful answer.
#[derive(Debug, Default)]
pub struct Problems {
    kept: Vec<Problem>,
    more: u64,
}

impl Problems {
    pub const KEPT: usize = 50;

    /// Keeps `p`, unless the same problem at the same place is kept
    /// already: a row read as a total and as its breakdowns is wrong once.
    pub fn push(&mut self, p: Problem) {
        if self.kept.contains(&p) {
            return;
        }
        if self.kept.len() < Self::KEPT {
            self.kept.push(p);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    pub fn total(&self) -> u64 {
        self.kept.len() as u64 + self.more
    }

    pub fn kept(&self) -> &[Problem] {
        &self.kept
    }

    /// Problems found but not kept.
    pub fn more(&self) -> u64 {
        self.more
    }

    /// Each kept problem as `file:line:column: message`, then how many
    /// more were found, as a command or an API lists them.
    pub fn messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self.kept.iter().map(ToString::to_string).collect();
        if self.more > 0 {
            out.push(format!("… and {} more problems", self.more));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_at_the_same_place_is_told_once() {
        let at = |line| Position::Text {
            file: "a.csv".into(),
            line,
            column: Some(1),
        };
        let problem = |line| Problem {
            at: at(line),
            message: "wrong".into(),
        };
        let mut p = Problems::default();
        for line in [2, 3, 2] {
            p.push(problem(line));
        }
        assert_eq!(p.messages(), ["a.csv:2:1: wrong", "a.csv:3:1: wrong"]);
    }

    #[test]
    fn positions_read_like_compiler_messages() {
        let t = Position::Text {
            file: "a.csv".into(),
            line: 12,
            column: Some(6),
        };
        assert_eq!(t.to_string(), "a.csv:12:6");
        let c = Position::Cell {
            file: "k.xlsx".into(),
            sheet: "Monthly Citizenship".into(),
            row: 3,
            column: 27,
        };
        assert_eq!(c.to_string(), "k.xlsx:Monthly Citizenship!AB3");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
    }

    #[test]
    fn an_origin_points_at_a_fields_column_or_its_row() {
        let text = Origin::row(Position::Text {
            file: "a.csv".into(),
            line: 4,
            column: None,
        })
        .with(Field::Period, 4);
        assert_eq!(text.field(Field::Period).to_string(), "a.csv:4:5");
        assert_eq!(text.field(Field::Reporter).to_string(), "a.csv:4");
        let cell = Origin::row(Position::Cell {
            file: "k.xlsx".into(),
            sheet: "S".into(),
            row: 9,
            column: 0,
        })
        .with(Field::Value, 3);
        assert_eq!(cell.field(Field::Value).to_string(), "k.xlsx:S!D9");
        assert_eq!(cell.position().to_string(), "k.xlsx:S!A9");
    }

    #[test]
    fn problems_beyond_the_limit_are_counted() {
        let mut ps = Problems::default();
        for line in 0..(Problems::KEPT as u64 + 7) {
            ps.push(Problem {
                at: Position::Text {
                    file: "f".into(),
                    line,
                    column: None,
                },
                message: "x".into(),
            });
        }
        assert_eq!(ps.kept().len(), Problems::KEPT);
        assert_eq!(ps.more(), 7);
        assert_eq!(ps.total(), Problems::KEPT as u64 + 7);
    }

    #[test]
    fn a_position_tells_its_file_line_and_column() {
        let text = Position::Text {
            file: "a.csv".into(),
            line: 7,
            column: Some(3),
        };
        assert_eq!(
            (text.file(), text.line(), text.column()),
            ("a.csv", 7, Some(3))
        );
        let cell = Position::Cell {
            file: "b.xlsx".into(),
            sheet: "S".into(),
            row: 4,
            column: 2,
        };
        // Column C is the sheet's third.
        assert_eq!(
            (cell.file(), cell.line(), cell.column()),
            ("b.xlsx", 4, Some(3))
        );
        assert_eq!(cell.to_string(), "b.xlsx:S!C4");
    }

    #[test]
    fn problems_are_counted_in_words_and_listed_with_the_rest_counted() {
        assert_eq!(count_of_problems(1), "1 problem");
        assert_eq!(count_of_problems(3), "3 problems");
        let mut ps = Problems::default();
        assert!(ps.is_empty());
        let at = |line| Position::Text {
            file: "f".into(),
            line,
            column: None,
        };
        ps.push(Problem {
            at: at(1),
            message: "m".into(),
        });
        assert!(!ps.is_empty());
        assert_eq!(ps.messages(), ["f:1: m"]);
        for line in 2..=(Problems::KEPT as u64 + 1) {
            ps.push(Problem {
                at: at(line),
                message: "m".into(),
            });
        }
        let shown = ps.messages();
        assert_eq!(shown.len(), Problems::KEPT + 1);
        assert_eq!(shown.last().unwrap(), "… and 1 more problems");
    }
}
