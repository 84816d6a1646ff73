//! Sharing levels: who may see an observation.
//!
//! `public`: anyone. `members`: any organisation of a member state or the
//! secretariat. `restricted`: the owner (the reporting country) and the
//! countries it names. The check itself lives in one place,
//! [`Sharing::visible_to`], so that every read path applies the same rule.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum ShareLevel {
    #[default]
    Public,
    Members,
    Restricted,
}

impl ShareLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareLevel::Public => "public",
            ShareLevel::Members => "members",
            ShareLevel::Restricted => "restricted",
        }
    }
}

impl fmt::Display for ShareLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a sharing level: use public, members or restricted")]
pub struct ShareLevelError(pub String);

impl FromStr for ShareLevel {
    type Err = ShareLevelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "public" => Ok(ShareLevel::Public),
            "members" => Ok(ShareLevel::Members),
            "restricted" => Ok(ShareLevel::Restricted),
            _ => Err(ShareLevelError(s.to_string())),
        }
    }
}

/// A sharing level with, for `restricted`, the countries it is shared with
/// (alpha-3 codes, sorted, without duplicates).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Sharing {
    pub level: ShareLevel,
    pub with: Vec<String>,
}

/// Who is looking: anonymous public, a member state's country, or the
/// secretariat (which sees `members` data, never `restricted`). Organisations without a country (observers, civil society)
/// see what members see only if the server grants it; that mapping lives
/// in the server, the rule lives here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    Public,
    Member { country: String },
    Secretariat,
}

impl Sharing {
    pub fn public() -> Sharing {
        Sharing::default()
    }

    pub fn new(level: ShareLevel, mut with: Vec<String>) -> Sharing {
        if level != ShareLevel::Restricted {
            with.clear();
        }
        with.sort();
        with.dedup();
        Sharing { level, with }
    }

    /// The list of countries as stored and exported: `CRI;MEX`.
    pub fn with_text(&self) -> String {
        self.with.join(";")
    }

    /// Whether `viewer` may see data with this sharing whose owner is `owner`.
    pub fn visible_to(&self, owner: &str, viewer: &Viewer) -> bool {
        match (self.level, viewer) {
            (ShareLevel::Public, _) => true,
            (_, Viewer::Public) => false,
            (ShareLevel::Members, Viewer::Member { .. } | Viewer::Secretariat) => true,
            // Restricted means restricted: the secretariat is not a country
            // and sees such data only if a country named it, which it cannot.
            (ShareLevel::Restricted, Viewer::Secretariat) => false,
            (ShareLevel::Restricted, Viewer::Member { country }) => {
                country == owner || self.with.iter().any(|c| c == country)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_data_is_seen_by_its_owner_and_named_countries_only() {
        let s = Sharing::new(ShareLevel::Restricted, vec!["MEX".into(), "CRI".into()]);
        assert_eq!(s.with_text(), "CRI;MEX");
        let member = |c: &str| Viewer::Member { country: c.into() };
        assert!(s.visible_to("PAN", &member("PAN")));
        assert!(s.visible_to("PAN", &member("MEX")));
        assert!(!s.visible_to("PAN", &member("USA")));
        assert!(!s.visible_to("PAN", &Viewer::Public));
        let m = Sharing::new(ShareLevel::Members, vec!["MEX".into()]);
        assert!(m.with.is_empty());
        assert!(m.visible_to("PAN", &member("USA")));
        assert!(!m.visible_to("PAN", &Viewer::Public));
        assert!(Sharing::public().visible_to("PAN", &Viewer::Public));
        assert!(!s.visible_to("PAN", &Viewer::Secretariat));
        assert!(m.visible_to("PAN", &Viewer::Secretariat));
    }
}
