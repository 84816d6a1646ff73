//! ISCO-08, the ILO's International Standard Classification of Occupations,
//! as data: every group of the four levels with its English, Spanish
//! (CIUO-08) and French (CITP-08) title, and the major groups' Portuguese
//! title, from `data/isco08.csv` (its source and licence are in
//! `data/SOURCE.md`). The file is compiled in and parsed on first use.
//!
//! A code's length is its level (`6` major, `61` sub-major, `611` minor,
//! `6111` unit group), and a group's parent is its code less the last digit,
//! so the tree needs no table of its own: [`distance`] counts the levels up
//! to the nearest common group. Every code this crate reads goes through
//! [`unit()`] or [`group()`], which refuse what the classification does not have.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use corredor_model::Lang;

const DATA: &str = include_str!("../data/isco08.csv");

/// The level of a group in the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Major,
    SubMajor,
    Minor,
    Unit,
}

impl Level {
    fn of_digits(n: usize) -> Option<Level> {
        match n {
            1 => Some(Level::Major),
            2 => Some(Level::SubMajor),
            3 => Some(Level::Minor),
            4 => Some(Level::Unit),
            _ => None,
        }
    }

    pub fn digits(self) -> usize {
        match self {
            Level::Major => 1,
            Level::SubMajor => 2,
            Level::Minor => 3,
            Level::Unit => 4,
        }
    }
}

/// A group of ISCO-08 that exists in the classification (at any level).
/// Held as its digits, so `0110` and `011` stay distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code {
    digits: [u8; 4],
    len: u8,
}

impl Code {
    fn parse_shape(text: &str) -> Option<Code> {
        let t = text.trim();
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits = [0u8; 4];
        for (k, b) in t.bytes().enumerate() {
            digits[k] = b - b'0';
        }
        Some(Code {
            digits,
            len: t.len() as u8,
        })
    }

    pub fn level(&self) -> Level {
        Level::of_digits(self.len as usize).expect("a code has 1 to 4 digits")
    }

    /// The group this one belongs to, one level up (`None` for a major group).
    pub fn parent(&self) -> Option<Code> {
        (self.len > 1).then(|| {
            let mut p = *self;
            p.len -= 1;
            p.digits[p.len as usize] = 0;
            p
        })
    }

    /// Whether `self` is `other` or a group within it.
    pub fn within(&self, other: &Code) -> bool {
        self.len >= other.len
            && self.digits[..other.len as usize] == other.digits[..other.len as usize]
    }

    /// The group at `level` that contains this one (itself at its own level).
    pub fn at(&self, level: Level) -> Code {
        let n = level.digits().min(self.len as usize);
        let mut c = *self;
        c.len = n as u8;
        for d in c.digits.iter_mut().skip(n) {
            *d = 0;
        }
        c
    }

    /// The group's title in `lang`: English, Spanish (the ILO's CIUO-08)
    /// and French (its CITP-08) for every group; Portuguese (IBGE's COD,
    /// Brazil's adaptation of ISCO-08) for the major groups only, and
    /// `None` below them rather than another language's.
    pub fn title(&self, lang: Lang) -> Option<&'static str> {
        let g = &table().groups[table().index[self]];
        match lang {
            Lang::En => Some(g.title_en),
            Lang::Es => Some(g.title_es),
            Lang::Fr => Some(g.title_fr),
            Lang::Pt => Some(g.title_pt).filter(|t| !t.is_empty()),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.digits[..self.len as usize] {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a text is not the ISCO-08 code it was meant to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("'{0}' is not an ISCO-08 code: give 1 to 4 digits (a unit group has 4, such as 6111)")]
    Shape(String),
    #[error("ISCO-08 has no group {0}")]
    Unknown(String),
    #[error("{0} is an ISCO-08 {1:?} group, not a unit group: give the 4-digit unit group")]
    NotUnit(String, Level),
}

/// A group of any level that ISCO-08 has (an occupation prefix).
pub fn group(text: &str) -> Result<Code, CodeError> {
    let code = Code::parse_shape(text).ok_or_else(|| CodeError::Shape(text.trim().to_string()))?;
    if table().index.contains_key(&code) {
        Ok(code)
    } else {
        Err(CodeError::Unknown(text.trim().to_string()))
    }
}

/// A unit group (four digits) that ISCO-08 has.
pub fn unit(text: &str) -> Result<Code, CodeError> {
    let code = group(text)?;
    if code.level() == Level::Unit {
        Ok(code)
    } else {
        Err(CodeError::NotUnit(code.to_string(), code.level()))
    }
}

/// Steps up the tree from two unit groups to the nearest group holding both:
/// 0 the same unit group, 1 the same minor group, 2 the same sub-major
/// group, 3 the same major group, 4 nothing in common. For codes of other
/// levels it counts from the deeper of the two.
pub fn distance(a: &Code, b: &Code) -> u8 {
    let common = a.digits[..a.len as usize]
        .iter()
        .zip(&b.digits[..b.len as usize])
        .take_while(|(x, y)| x == y)
        .count() as u8;
    a.len.max(b.len) - common
}

/// Every group, in code order (parents before their children).
pub fn all() -> impl Iterator<Item = Code> {
    table().groups.iter().map(|g| g.code)
}

struct Group {
    code: Code,
    title_en: &'static str,
    title_es: &'static str,
    title_fr: &'static str,
    /// Empty below the major groups (see `data/SOURCE.md`).
    title_pt: &'static str,
}

struct Table {
    groups: Vec<Group>,
    index: HashMap<Code, usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is ours and checked by the tests below: a malformed row
        // is a build mistake, not an input error.
        let mut groups = Vec::new();
        for (n, line) in DATA.lines().enumerate().skip(1) {
            let mut fields = split_row(line);
            let code = fields.next().and_then(Code::parse_shape);
            let (Some(code), Some(title_en), Some(title_es), Some(title_fr)) =
                (code, fields.next(), fields.next(), fields.next())
            else {
                panic!("data/isco08.csv:{}: malformed row", n + 1);
            };
            // An empty last field ends the row early.
            let title_pt = fields.next().unwrap_or("");
            groups.push(Group {
                code,
                title_en,
                title_es,
                title_fr,
                title_pt,
            });
        }
        let index = groups
            .iter()
            .enumerate()
            .map(|(k, g)| (g.code, k))
            .collect();
        Table { groups, index }
    })
}

/// The fields of one row of the shipped file: plain, or in double quotes
/// when they hold a comma (the file has no quote inside a field).
fn split_row(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            let field = &quoted[..end];
            rest = quoted[end + 1..].strip_prefix(',').unwrap_or("");
            Some(field)
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let field = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            Some(field)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classification_has_10_major_43_sub_major_130_minor_and_436_unit_groups() {
        let mut count = [0usize; 4];
        for c in all() {
            count[c.level().digits() - 1] += 1;
        }
        assert_eq!(count, [10, 43, 130, 436]);
    }

    #[test]
    fn every_group_has_its_parent_and_its_titles() {
        assert_eq!(unit("9211").unwrap().parent().unwrap().to_string(), "921");
        for c in all() {
            assert_eq!(c.parent().is_some(), c.level() != Level::Major, "{c}");
            if let Some(p) = c.parent() {
                assert!(group(&p.to_string()).is_ok(), "{c} has no parent {p}");
                assert!(c.within(&p) && p.level().digits() + 1 == c.level().digits());
            }
            assert!(
                c.title(Lang::En).is_some_and(|t| !t.is_empty()),
                "{c} has no English title"
            );
            assert!(
                c.title(Lang::Es).is_some_and(|t| !t.is_empty()),
                "{c} has no Spanish title"
            );
            assert!(
                c.title(Lang::Fr).is_some_and(|t| !t.is_empty()),
                "{c} has no French title"
            );
            // Portuguese for the ten major groups, and none below them.
            assert_eq!(
                c.title(Lang::Pt).is_some(),
                c.level() == Level::Major,
                "{c}'s Portuguese title"
            );
        }
        assert_eq!(
            group("9").unwrap().title(Lang::Fr),
            Some("Professions élémentaires")
        );
        assert_eq!(
            group("6").unwrap().title(Lang::Pt),
            Some("Trabalhadores qualificados da agropecuária, florestais, da caça e da pesca")
        );
        assert_eq!(group("61").unwrap().title(Lang::Pt), None);
        assert_eq!(
            unit("0110").unwrap().title(Lang::En).unwrap(),
            "Commissioned armed forces officers"
        );
        assert_eq!(
            group("1").unwrap().title(Lang::Es),
            Some("Directores y gerentes")
        );
        // A title with a comma, read whole.
        assert_eq!(
            group("122").unwrap().title(Lang::En).unwrap(),
            "Sales, marketing and development managers"
        );
    }

    #[test]
    fn codes_the_classification_lacks_are_refused() {
        assert_eq!(unit("6111").unwrap().to_string(), "6111");
        assert!(matches!(unit("6119"), Err(CodeError::Unknown(_))));
        assert!(matches!(
            unit("611"),
            Err(CodeError::NotUnit(_, Level::Minor))
        ));
        assert!(matches!(unit("61a1"), Err(CodeError::Shape(_))));
        assert!(matches!(unit("61111"), Err(CodeError::Shape(_))));
        assert!(matches!(group(""), Err(CodeError::Shape(_))));
        assert!(matches!(group("04"), Err(CodeError::Unknown(_))));
        // Leading zeros are part of the code.
        assert_eq!(group("011").unwrap().level(), Level::Minor);
    }

    #[test]
    fn distance_counts_levels_up_to_the_common_group() {
        let u = |s| unit(s).unwrap();
        assert_eq!(distance(&u("6111"), &u("6111")), 0);
        assert_eq!(distance(&u("6111"), &u("6112")), 1);
        assert_eq!(distance(&u("6111"), &u("6121")), 2);
        assert_eq!(distance(&u("6111"), &u("6210")), 3);
        assert_eq!(distance(&u("6111"), &u("9211")), 4);
        assert_eq!(distance(&u("0110"), &u("0210")), 3);
        assert!(u("9211").within(&group("92").unwrap()));
        assert!(!u("9211").within(&group("93").unwrap()));
        assert_eq!(u("9211").at(Level::Minor), group("921").unwrap());
    }
}
