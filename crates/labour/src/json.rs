//! Records given as JSON: an array of objects with the CSV layout's fields
//! (`[{"id": "W1", "nationality": "HND", "isco": ["9211"], "consent":
//! true, …}]`). Lists may be arrays or `;`-separated text, numbers and
//! `true`/`false` are taken as written, other keys are ignored. The array
//! is written out as the CSV layout and read by the same code, so that
//! both forms are checked alike; each problem is then told where its
//! field's name is written in the JSON file (line and character), with the
//! field's name, or where its record starts when the record leaves the
//! field out. A field named twice in one record is refused: JSON readers
//! differ on which one wins.

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
    /// with a line break spans several) and the JSON element it came from.
    starts: Vec<(u64, Element)>,
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

/// One element of the top-level array: where it starts, and where each
/// of its fields' names starts (line, and character in it, 1-based).
#[derive(Debug, Clone, Default, PartialEq)]
struct Element {
    line: u64,
    column: usize,
    keys: Vec<(String, u64, usize)>,
}

impl Element {
    /// Where `field`'s name is written, or the element's start when the
    /// element does not name it.
    fn place(&self, field: &str) -> (u64, usize) {
        self.keys
            .iter()
            .find(|(k, _, _)| k == field)
            .map_or((self.line, self.column), |&(_, l, c)| (l, c))
    }

    /// The fields named more than once, each once.
    fn repeated(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (i, (k, _, _)) in self.keys.iter().enumerate() {
            if self.keys[..i].iter().any(|(o, _, _)| o == k) && !out.contains(&k.as_str()) {
                out.push(k);
            }
        }
        out
    }
}

/// Each element of the top-level array, whatever it is (an object, or a
/// number where an object should be), with its fields' places. Columns
/// count characters, not bytes.
fn elements(bytes: &[u8]) -> Vec<Element> {
    let (mut line, mut column) = (1u64, 0usize);
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    // Whether the next value at depth 1 begins an element, and whether the
    // next string at depth 2 is a field's name.
    let (mut expecting, mut key_next) = (false, false);
    // The name being read: its raw text and where it started.
    let mut key: Option<(Vec<u8>, u64, usize)> = None;
    let mut out: Vec<Element> = Vec::new();
    for &b in bytes {
        if b == b'\n' {
            line += 1;
            column = 0;
        } else if b & 0xC0 != 0x80 {
            column += 1;
        }
        if in_string {
            if let Some((raw, _, _)) = key.as_mut() {
                raw.push(b);
            }
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    in_string = false;
                    if let (Some((raw, l, c)), Some(e)) = (key.take(), out.last_mut()) {
                        // The name as JSON reads it (escapes and all).
                        if let Ok(name) = serde_json::from_slice::<String>(&raw) {
                            e.keys.push((name, l, c));
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !b.is_ascii_whitespace() && b != b']' {
            out.push(Element {
                line,
                column,
                keys: Vec::new(),
            });
            expecting = false;
        }
        match b {
            b'"' => {
                in_string = true;
                if depth == 2 && key_next {
                    key = Some((vec![b], line, column));
                    key_next = false;
                }
            }
            b'{' | b'[' => {
                depth += 1;
                expecting = depth == 1;
                key_next = depth == 2 && b == b'{';
            }
            b'}' | b']' => depth -= 1,
            b',' if depth == 1 => expecting = true,
            b',' if depth == 2 => key_next = true,
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
    let found = elements(bytes);
    let mut text = columns.join(",");
    text.push('\n');
    let mut ok = true;
    let (mut written, mut csv_line) = (Vec::new(), 2u64);
    for (k, r) in records.iter().enumerate() {
        // Every element of an array serde_json read is found.
        let element = found.get(k).cloned().unwrap_or(Element {
            line: 1,
            column: 1,
            keys: Vec::new(),
        });
        let (line, column) = (element.line, Some(element.column));
        let Value::Object(fields) = r else {
            problems.push(Problem {
                at: at(line, column),
                kind: ProblemKind::Unreadable("each element is an object of fields".into()),
            });
            ok = false;
            continue;
        };
        let repeated = element.repeated();
        if !repeated.is_empty() {
            let names: Vec<String> = repeated.iter().map(|k| format!("\"{k}\"")).collect();
            let (l, c) = element.place(repeated[0]);
            problems.push(Problem {
                at: at(l, Some(c)),
                kind: ProblemKind::Unreadable(format!(
                    "field {} given more than once in one record: give each field once",
                    names.join(", ")
                )),
            });
            ok = false;
        }
        let mut cells = Vec::with_capacity(columns.len());
        for c in columns {
            match fields.get(*c).map(cell).unwrap_or(Ok(String::new())) {
                Ok(v) => cells.push(quoted(&v)),
                Err(why) => {
                    let (l, col) = element.place(c);
                    problems.push(Problem {
                        at: at(l, Some(col)),
                        kind: ProblemKind::Unreadable(format!("{c}: {why}")),
                    });
                    ok = false;
                    cells.push(String::new());
                }
            }
        }
        let row = cells.join(",");
        written.push((csv_line, element));
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
    /// Where a position of the CSV text is in the JSON file: where its
    /// column's field is named in its record, or where the record starts.
    pub fn position(&self, p: &Position) -> Position {
        let line = p.line();
        // The last record starting at or before the line.
        let k = self.starts.partition_point(|(csv, _)| *csv <= line);
        let element = k.checked_sub(1).and_then(|k| self.starts.get(k));
        let (line, column) = match (element, self.field(p)) {
            (Some((_, e)), Some(f)) => e.place(f),
            (Some((_, e)), None) => (e.line, e.column),
            (None, _) => (1, 1),
        };
        Position::Text {
            file: self.file.clone(),
            line,
            column: Some(column),
        }
    }

    /// The field of a position's column in the CSV text.
    fn field(&self, p: &Position) -> Option<&'static str> {
        p.column()
            .and_then(|c| c.checked_sub(1))
            .and_then(|c| self.columns.get(c))
            .copied()
    }

    /// A problem of the CSV text as one of the JSON file, naming its field.
    pub fn problem(&self, p: Problem) -> Problem {
        Problem {
            at: self.position(&p.at),
            kind: match self.field(&p.at) {
                Some(f) => ProblemKind::Unreadable(format!("{f}: {}", p.kind)),
                None => p.kind,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(json: &[u8]) -> Vec<(u64, usize)> {
        elements(json).iter().map(|e| (e.line, e.column)).collect()
    }

    #[test]
    fn records_start_where_their_brace_is() {
        let json = b"[\n  {\"id\": \"a\", \"x\": {\"y\": 1}},\n\n  {\"id\": \"b\\\"}\"}\n]";
        assert_eq!(starts(json), vec![(2, 3), (4, 3)]);
        assert!(is_json(b"\xEF\xBB\xBF  [") && !is_json(b"id,name"));
        // An element that is not an object counts too.
        assert_eq!(
            starts(b"[\n 5,\n {\"id\": \"a\"},\n \"x\"\n]"),
            vec![(2, 2), (3, 2), (4, 2)]
        );
    }

    #[test]
    fn a_field_reads_as_the_csv_layout_writes_it() {
        use serde_json::json;
        assert_eq!(cell(&json!([9211, "6111"])), Ok("9211;6111".into()));
        assert_eq!(cell(&json!(true)), Ok("yes".into()));
        assert_eq!(cell(&json!(false)), Ok("no".into()));
        assert_eq!(cell(&json!(null)), Ok(String::new()));
        assert_eq!(cell(&json!(2.5)), Ok("2.5".into()));
        assert!(cell(&json!([[1]])).is_err() && cell(&json!({"a": 1})).is_err());
    }

    #[test]
    fn each_fields_name_is_found_at_its_line_and_character() {
        // Characters, not bytes: "ñ" is one. Names nested deeper, values
        // that look like names, and escaped names are told apart.
        let json = "[{\"año\": \"ñ\", \"x\": {\"id\": 1}, \"list\": [\"id\"],\n  \"i\\u0064\": \"W1\", \"skills\": \"a,b\"}]";
        let e = &elements(json.as_bytes())[0];
        let keys: Vec<(&str, u64, usize)> = e
            .keys
            .iter()
            .map(|(k, l, c)| (k.as_str(), *l, *c))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("año", 1, 3),
                ("x", 1, 15),
                ("list", 1, 31),
                ("id", 2, 3),
                ("skills", 2, 20)
            ]
        );
        assert_eq!(e.place("id"), (2, 3));
        assert_eq!(e.place("consent"), (1, 2));
        assert!(e.repeated().is_empty());
        let twice = elements(b"[{\"id\": 1, \"a\": 2, \"id\": 3, \"a\": 4, \"id\": 5}]");
        assert_eq!(twice[0].repeated(), vec!["id", "a"]);
        // A quote or a backslash escaped in a value ends nothing.
        let escaped = elements(br#"[{"a": "x\"y\\", "id": 1}, {"id": 2}]"#);
        let places: Vec<Vec<(u64, usize)>> = escaped
            .iter()
            .map(|e| e.keys.iter().map(|(_, l, c)| (*l, *c)).collect())
            .collect();
        assert_eq!(places, [vec![(1, 3), (1, 18)], vec![(1, 29)]]);
    }

    #[test]
    fn a_field_given_twice_is_refused_where_it_is_first_named() {
        let mut problems = Vec::new();
        let json =
            b"[\n {\"id\": \"W1\"},\n {\"name\": \"a\",\n  \"id\": \"W2\", \"id\": \"W3\"}\n]";
        assert!(as_csv("p.json", json, &["id", "name"], &mut problems).is_none());
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(
            text[0].starts_with("p.json:4:3:") && text[0].contains("\"id\" given more than once"),
            "{text:?}"
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
        // The CSV text's third line is still P1's cell.
        assert_eq!(csv.position(&at(3)).line(), 2);
        assert_eq!(csv.position(&at(4)).line(), 4);

        // Three records, the first two with line breaks in a field.
        let json = b"[{\"id\": \"P1\", \"name\": \"a\\nb\\nc\"},\n {\"id\": \"P2\", \"name\": \"d\\ne\"},\n {\"id\": \"P3\"}]";
        let csv = as_csv("p.json", json, &["id", "name"], &mut problems).expect("records");
        let lines: Vec<u64> = (2..=8).map(|l| csv.position(&at(l)).line()).collect();
        assert_eq!(lines, [1, 1, 1, 2, 2, 3, 3]);
    }
}
