//! JSON: an array of records with the long CSV's fields, e.g.
//! `[{"reporter": "PAN", "location": "ALL", "nationality": "VEN",
//!    "indicator": "irregular_entries", "period": "2023-08", "value": 81901}]`.
//!
//! Read as a stream with `serde_json`: one element at a time, so a file
//! larger than memory imports. Each element is taken as a map and validated
//! field by field, so that every bad record is reported, not only the first.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use corredor_model::record::{preview, Field, RawRecord};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::long::{emit_raw, FieldColumns, OPTIONAL, REQUIRED};
use crate::Context;

/// A line and a character in it (1-based; 0 before the line's first).
type At = (u64, usize);

/// Counts lines and characters as `serde_json` consumes bytes (it reads a
/// byte at a time), and remembers where the first `{` since the last mark
/// is: where an element starts.
struct LineCounter<R> {
    inner: BufReader<R>,
    at: Rc<Cell<At>>,
    element_start: Rc<Cell<Option<At>>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            let (line, column) = self.at.get();
            if b == b'\n' {
                self.at.set((line + 1, 0));
                continue;
            }
            // A character starts at every byte but UTF-8's continuations.
            if b & 0xC0 != 0x80 {
                self.at.set((line, column + 1));
            }
            if b == b'{' && self.element_start.get().is_none() {
                self.element_start.set(Some(self.at.get()));
            }
        }
        Ok(n)
    }
}

struct Elements<'c, 'a> {
    ctx: &'c mut Context<'a>,
    at: Rc<Cell<At>>,
    element_start: Rc<Cell<Option<At>>>,
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.element_start.set(None);
            let seed = RecordSeed {
                at: self.at.clone(),
            };
            let Some(Record {
                fields,
                places,
                repeated,
            }) = seq.next_element_seed(seed)?
            else {
                return Ok(());
            };
            let (line, column) = self.element_start.get().unwrap_or(self.at.get());
            let start = (line, column.max(1));
            if !repeated.is_empty() {
                // A field given twice is a question, not a choice: JSON
                // readers differ on which one wins.
                let at = self.ctx.at(start.0, Some(start.1));
                self.ctx.problem(
                    at,
                    format!(
                        "field {} given more than once in one record: give each field once",
                        repeated
                            .iter()
                            .map(|k| format!("\"{}\"", preview(k)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            }
            record(self.ctx, start, &fields, &places);
        }
    }
}

/// One element: its fields, where each field's name starts, and the
/// names given more than once (which a map would silently keep the last
/// of).
struct Record {
    fields: BTreeMap<String, Value>,
    places: BTreeMap<String, At>,
    repeated: Vec<String>,
}

/// Reads a [`Record`], noting where each field is as it goes.
struct RecordSeed {
    at: Rc<Cell<At>>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed {
    type Value = Record;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed {
    type Value = Record;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record (an object of fields)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut r = Record {
            fields: BTreeMap::new(),
            places: BTreeMap::new(),
            repeated: Vec::new(),
        };
        while let Some(k) = map.next_key::<String>()? {
            // The key has just been read, to its closing quote: it starts
            // its length and two quotes before (a name written with
            // escapes is a little longer than it reads).
            let (line, end) = self.at.get();
            let start = (line, (end + 1).saturating_sub(k.chars().count() + 2).max(1));
            let v = map.next_value::<Value>()?;
            match r.fields.entry(k) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    r.places.insert(e.key().clone(), start);
                    e.insert(v);
                }
                std::collections::btree_map::Entry::Occupied(e) => {
                    if !r.repeated.contains(e.key()) {
                        r.repeated.push(e.key().clone());
                    }
                }
            }
        }
        Ok(r)
    }
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

fn text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        // JSON reads `1e3` and `18446744073709551616` as floating point,
        // and writes them back as `1000.0` and `1.8446744073709552e19`:
        // said here as what they are, not as the text they became.
        Value::Number(n) => Err(match n.as_f64() {
            Some(f) if f.abs() >= 1e15 => format!(
                "the number read as {n} is too large to be a count of people"
            ),
            _ => format!(
                "the number read as {n} has a decimal point or an exponent: write a count as plain digits"
            ),
        }),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("expected a country code, found {other}")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|v| v.join(";")),
        Value::Null => Ok(String::new()),
        other => Err(format!(
            "expected text or a number, found {}",
            preview(&other.to_string())
        )),
    }
}

/// Validates the record that starts at `start` (a line and a character
/// from 1), each of whose fields is at its place in `places`.
fn record(
    ctx: &mut Context,
    start: At,
    map: &BTreeMap<String, Value>,
    places: &BTreeMap<String, At>,
) {
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    let mut bad = false;
    let (line, column) = start;
    let at_field = |ctx: &Context, k: &str| {
        let (l, c) = places.get(k).copied().unwrap_or((line, column));
        ctx.at(l, Some(c))
    };
    for (k, v) in map {
        if !REQUIRED.contains(&k.as_str()) && !OPTIONAL.contains(&k.as_str()) {
            let at = at_field(ctx, k);
            ctx.problem(
                at,
                format!(
                    "unknown field \"{}\": records have {} and optionally {}",
                    preview(k),
                    REQUIRED.join(", "),
                    OPTIONAL.join(", ")
                ),
            );
            bad = true;
            continue;
        }
        // Only the countries a value is shared with are a list.
        let listed = match v {
            Value::Array(_) if k != "share_with" => Err(
                "expected text or a number, found a list: only share_with takes one".to_string(),
            ),
            v => text(v),
        };
        match listed {
            Ok(t) => {
                fields.insert(k.as_str(), t);
            }
            Err(e) => {
                let at = at_field(ctx, k);
                ctx.problem(at, format!("field \"{k}\": {e}"));
                bad = true;
            }
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        // A field given but refused above is not missing too.
        .filter(|f| !map.contains_key(*f))
        .collect();
    if !missing.is_empty() {
        let at = ctx.at(line, Some(column));
        ctx.problem(at, format!("record lacks {}", missing.join(", ")));
        return;
    }
    if bad {
        return;
    }
    let get = |f: &str| fields.get(f).map(String::as_str);
    let raw = RawRecord {
        reporter: get("reporter").unwrap_or(""),
        location: get("location").unwrap_or(""),
        nationality: get("nationality").unwrap_or(""),
        indicator: get("indicator").unwrap_or(""),
        period: get("period").unwrap_or(""),
        value: get("value").unwrap_or(""),
        source: get("source"),
        share: get("share"),
        share_with: get("share_with"),
        breakdown: get("breakdown"),
    };
    // Each field's problems at its own line, the field named.
    let mut columns = FieldColumns::default();
    for field in Field::ALL {
        if let Some(&(l, c)) = places.get(field.name()) {
            columns.set_line(field, l, c);
        }
    }
    emit_raw(ctx, line, &raw, &columns);
}

pub(crate) fn read<R: Read>(input: R, ctx: &mut Context) {
    let mut inner = BufReader::with_capacity(1 << 16, input);
    if let Ok(head) = inner.fill_buf() {
        if head.starts_with(b"\xEF\xBB\xBF") {
            inner.consume(3);
        }
    }
    let at = Rc::new(Cell::new((1, 0)));
    let element_start = Rc::new(Cell::new(None));
    let reader = LineCounter {
        inner,
        at: at.clone(),
        element_start: element_start.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let elements = Elements {
        ctx: &mut *ctx,
        at,
        element_start,
    };
    let outcome = elements.deserialize(&mut de).and_then(|()| de.end());
    if let Err(e) = outcome {
        let at = ctx.at(e.line() as u64, Some(e.column()));
        let message = match e.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends early: the file is truncated (expected the closing ']')".to_string()
            }
            serde_json::error::Category::Io => format!("cannot read the file: {e}"),
            _ => format!("not valid JSON here: {e}; the file must be an array of records"),
        };
        ctx.problem(at, message);
    }
}
