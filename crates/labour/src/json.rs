//! Records given as JSON: an array of objects with the CSV layout's fields
//! (`[{"id": "W1", "nationality": "HND", "isco": ["9211"], "consent":
//! true, …}]`). Lists may be arrays or `;`-separated text, numbers and
//! `true`/`false` are taken as written, other keys are ignored. The array
//! is written out as the CSV layout and read by the same code, so that
//! both forms are checked alike; each problem is then told at the line
//! where its record starts in the JSON file, with the field's name.

use std::sync::Arc;

use corredor_ingest::Position;
use serde_json::Value;

use crate::table::{Problem, ProblemKind};

/// Whether `bytes` are JSON (the first thing in them is `[`).
pub(crate) fn is_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'[')
}

/// The JSON array as CSV text with `columns`, and where each record
/// starts; `None` (with the problem) when it is not such an array.
pub(crate) struct AsCsv {
    pub text: String,
    /// Each record written to `text`: the CSV line it starts on (a cell
    /// with a line break spans several) and the JSON line it came from.
    starts: Vec<(u64, u64)>,
    columns: Vec<&'static str>,
    file: Arc<str>,
}

fn cell(v: &Value) -> Result<String, &'static str> {
    Ok(match v {
        Value::Null => String::new(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::String(s) => out.push(s.clone()),
                    Value::Number(n) => out.push(n.to_string()),
                    _ => return Err("a list holds text or numbers"),
                }
            }
            out.join(";")
        }
        Value::Object(_) => return Err("a field is text, a number, true or false, or a list"),
    })
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The line (1-based) where each element of the top-level array starts,
/// whatever it is (an object, or a number where an object should be).
fn element_lines(bytes: &[u8]) -> Vec<u64> {
    let (mut line, mut depth, mut in_string, mut escaped) = (1u64, 0i32, false, false);
    // Whether the next value at depth 1 begins an element.
    let mut expecting = false;
    let mut out = Vec::new();
    for &b in bytes {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !b.is_ascii_whitespace() && b != b']' {
            out.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                expecting = depth == 1;
            }
            b'}' | b']' => depth -= 1,
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    out
}

pub(crate) fn as_csv(
    name: &str,
    bytes: &[u8],
    columns: &[&'static str],
    problems: &mut Vec<Problem>,
) -> Option<AsCsv> {
    let file: Arc<str> = Arc::from(name);
    let at = |line: u64, column: Option<usize>| Position::Text {
        file: file.clone(),
        line,
        column,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let records: Vec<Value> = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem {
                at: at(e.line() as u64, Some(e.column())),
                kind: ProblemKind::Unreadable(format!("not a JSON array of records: {e}")),
            });
            return None;
        }
    };
    let starts = element_lines(bytes);
    let mut text = columns.join(",");
    text.push('\n');
    let mut ok = true;
    let (mut written, mut csv_line) = (Vec::new(), 2u64);
    for (k, r) in records.iter().enumerate() {
        let line = starts.get(k).copied().unwrap_or(1);
        let Value::Object(fields) = r else {
            problems.push(Problem {
                at: at(line, None),
                kind: ProblemKind::Unreadable("each element is an object of fields".into()),
            });
            ok = false;
            continue;
        };
        let mut cells = Vec::with_capacity(columns.len());
        for c in columns {
            match fields.get(*c).map(cell).unwrap_or(Ok(String::new())) {
                Ok(v) => cells.push(quoted(&v)),
                Err(why) => {
                    problems.push(Problem {
                        at: at(line, None),
                        kind: ProblemKind::Unreadable(format!("{c}: {why}")),
                    });
                    ok = false;
                    cells.push(String::new());
                }
            }
        }
        let row = cells.join(",");
        written.push((csv_line, line));
        csv_line += row.matches('\n').count() as u64 + 1;
        text.push_str(&row);
        text.push('\n');
    }
    ok.then(|| AsCsv {
        text,
        starts: written,
        columns: columns.to_vec(),
        file,
    })
}

impl AsCsv {
    /// Where a position of the CSV text is in the JSON file: the line its
    /// record starts on, no column.
    pub fn position(&self, p: &Position) -> Position {
        let line = p.line();
        // The last record starting at or before the line.
        let k = self.starts.partition_point(|(csv, _)| *csv <= line);
        Position::Text {
            file: self.file.clone(),
            line: k
                .checked_sub(1)
                .and_then(|k| self.starts.get(k))
                .map_or(1, |(_, json)| *json),
            column: None,
        }
    }

    /// A problem of the CSV text as one of the JSON file, naming its field.
    pub fn problem(&self, p: Problem) -> Problem {
        let field =
            p.at.column()
                .and_then(|c| c.checked_sub(1))
                .and_then(|c| self.columns.get(c));
        Problem {
            at: self.position(&p.at),
            kind: match field {
                Some(f) => ProblemKind::Unreadable(format!("{f}: {}", p.kind)),
                None => p.kind,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_start_where_their_brace_is() {
        let json = b"[\n  {\"id\": \"a\", \"x\": {\"y\": 1}},\n\n  {\"id\": \"b\\\"}\"}\n]";
        assert_eq!(element_lines(json), vec![2, 4]);
        assert!(is_json(b"\xEF\xBB\xBF  [") && !is_json(b"id,name"));
        // An element that is not an object counts too.
        assert_eq!(
            element_lines(b"[\n 5,\n {\"id\": \"a\"},\n \"x\"\n]"),
            vec![2, 3, 4]
        );
    }

    #[test]
    fn a_line_break_inside_a_field_does_not_move_the_next_records_line() {
        let json =
            b"[\n {\"id\": \"P1\", \"name\": \"a\\nb\"},\n\n {\"id\": \"P2\", \"name\": \"c\"}\n]";
        let mut problems = Vec::new();
        let csv = as_csv("p.json", json, &["id", "name"], &mut problems).expect("records");
        assert_eq!(csv.text, "id,name\n\"P1\",\"a\nb\"\n\"P2\",\"c\"\n");
        // P2 is on the CSV text's fourth line, and the JSON file's fourth.
        let at = |line| Position::Text {
            file: "csv".into(),
            line,
            column: Some(1),
        };
        assert_eq!(csv.position(&at(2)).line(), 2);
        assert_eq!(csv.position(&at(4)).line(), 4);
    }
}
