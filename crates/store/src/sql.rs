//! Plain statements for the tables of the workflow (organisations, tokens,
//! audit, alerts, tasks, webhooks), written once with `{p}` markers and run
//! on either backend. The observation tables have their own tuned paths
//! (`import`, `query`); everything else is small, and one text of each
//! statement for both backends is worth more than a hand-tuned pair.

use std::sync::Arc;

use crate::{Result, StoreError};

/// PostgreSQL can neither hold nor compare a text with a NUL character: it
/// fails the statement. Both backends refuse one alike before a statement
/// runs, so that the caller can tell bad input from a broken store.
pub(crate) fn refuse_nul(params: &[Value]) -> Result<()> {
    if params
        .iter()
        .filter_map(Value::text)
        .any(|t| t.contains('\0'))
    {
        return Err(StoreError::Nul);
    }
    Ok(())
}

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(r) => Some(*r as i64),
            _ => None,
        }
    }

    pub fn real(&self) -> Option<f64> {
        match self {
            Value::Real(r) => Some(*r),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(r: f64) -> Value {
        Value::Real(r)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

/// One row read back. Columns are found by name (`row.text("period")`),
/// so that a statement's column order can change without its readers; by
/// position where a query computes an unnamed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column of a [`Row`]: its name, or its position.
pub trait Column: Copy + std::fmt::Display {
    fn index(self, row: &Row) -> Option<usize>;
}

impl Column for usize {
    fn index(self, row: &Row) -> Option<usize> {
        (self < row.values.len()).then_some(self)
    }
}

impl Column for &str {
    fn index(self, row: &Row) -> Option<usize> {
        row.columns.iter().position(|c| c == self)
    }
}

impl Row {
    pub(crate) fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    fn at(&self, c: impl Column) -> Result<&Value> {
        c.index(self)
            .map(|i| &self.values[i])
            .ok_or_else(|| StoreError::Invalid(format!("no column {c} in the row")))
    }

    pub fn text(&self, c: impl Column) -> Result<String> {
        self.opt_text(c)?
            .ok_or_else(|| StoreError::Invalid(format!("column {c} is not text")))
    }

    pub fn opt_text(&self, c: impl Column) -> Result<Option<String>> {
        Ok(self.at(c)?.text().map(str::to_string))
    }

    pub fn int(&self, c: impl Column) -> Result<i64> {
        self.at(c)?
            .int()
            .ok_or_else(|| StoreError::Invalid(format!("column {c} is not a number")))
    }

    pub fn opt_int(&self, c: impl Column) -> Result<Option<i64>> {
        Ok(self.at(c)?.int())
    }

    pub fn real(&self, c: impl Column) -> Result<f64> {
        self.at(c)?
            .real()
            .ok_or_else(|| StoreError::Invalid(format!("column {c} is not a number")))
    }

    pub fn opt_real(&self, c: impl Column) -> Result<Option<f64>> {
        Ok(self.at(c)?.real())
    }
}

/// Numbers `{p}` markers for a backend: `?1` or `$1`.
pub(crate) fn numbered(text: &str, sigil: char) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut n = 0;
    let mut rest = text;
    while let Some(i) = rest.find("{p}") {
        n += 1;
        out.push_str(&rest[..i]);
        out.push(sigil);
        out.push_str(&n.to_string());
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// Runs `work` in one transaction of `store`: committed if it returns
/// `Ok` before the store's deadline, rolled back otherwise (and the error
/// returned, [`StoreError::TimedOut`] past the deadline).
pub fn transaction<T, E: From<StoreError>>(
    store: &mut dyn crate::Store,
    work: impl FnOnce(&mut dyn crate::Store) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    store.begin()?;
    match work(store) {
        Ok(_) if crate::past(store.deadline()) => {
            let _ = store.rollback();
            Err(StoreError::TimedOut.into())
        }
        Ok(v) => {
            store.commit()?;
            Ok(v)
        }
        Err(e) => {
            // The work's error matters more than a failed rollback, and a
            // connection whose rollback failed is dropped by its owner.
            let _ = store.rollback();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers_are_numbered_per_dialect() {
        assert_eq!(
            super::numbered("a = {p} AND b IN ({p}, {p})", '$'),
            "a = $1 AND b IN ($2, $3)"
        );
        assert_eq!(super::numbered("x", '?'), "x");
    }
}
