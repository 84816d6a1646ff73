//! Plain statements for the tables of the workflow (organisations, tokens,
//! audit, alerts, tasks, webhooks), written once with `{p}` markers and run
//! on either backend. The observation tables have their own tuned paths
//! (`import`, `query`); everything else is small, and one text of each
//! statement for both backends is worth more than a hand-tuned pair.

use crate::{Result, StoreError};

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

/// One row read back; columns by position.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Invalid(format!("no column {i} in the row")))
    }

    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?
            .ok_or_else(|| StoreError::Invalid(format!("column {i} is not text")))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.at(i)?.text().map(str::to_string))
    }

    pub fn int(&self, i: usize) -> Result<i64> {
        self.at(i)?
            .int()
            .ok_or_else(|| StoreError::Invalid(format!("column {i} is not a number")))
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.at(i)?.int())
    }

    pub fn real(&self, i: usize) -> Result<f64> {
        self.at(i)?
            .real()
            .ok_or_else(|| StoreError::Invalid(format!("column {i} is not a number")))
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
/// `Ok`, rolled back otherwise (and the error returned).
pub fn transaction<T, E: From<StoreError>>(
    store: &mut dyn crate::Store,
    work: impl FnOnce(&mut dyn crate::Store) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    store.begin()?;
    match work(store) {
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
