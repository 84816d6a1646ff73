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

    /// The sharing of something computed from data with sharing `self` and
    /// `other` (same owner): seen only by those who may see both.
    pub fn meet(&self, other: &Sharing) -> Sharing {
        use ShareLevel::*;
        match (self.level, other.level) {
            (Restricted, Restricted) => Sharing::new(
                Restricted,
                self.with
                    .iter()
                    .filter(|c| other.with.contains(c))
                    .cloned()
                    .collect(),
            ),
            (Restricted, _) => self.clone(),
            (_, Restricted) => other.clone(),
            (a, b) => Sharing::new(a.max(b), vec![]),
        }
    }

    /// Whether everyone who may see `other` (owned by `other_owner`) may
    /// also see data with this sharing owned by `owner`: whether this data
    /// may go into something published with `other`'s sharing.
    pub fn covers(&self, owner: &str, other: &Sharing, other_owner: &str) -> bool {
        match (self.level, other.level) {
            (ShareLevel::Public, _) => true,
            (_, ShareLevel::Public) => false,
            // Members data is seen by every member and the secretariat;
            // members and restricted data are seen by no one else.
            (ShareLevel::Members, _) => true,
            (ShareLevel::Restricted, ShareLevel::Members) => false,
            (ShareLevel::Restricted, ShareLevel::Restricted) => {
                let sees = |c: &str| c == owner || self.with.iter().any(|w| w == c);
                sees(other_owner) && other.with.iter().all(|c| sees(c))
            }
        }
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
    use proptest::prelude::*;

    const COUNTRIES: [&str; 4] = ["PAN", "CRI", "MEX", "USA"];

    fn sharing() -> impl Strategy<Value = (Sharing, &'static str)> {
        (
            0..3u8,
            proptest::collection::vec(proptest::sample::select(&COUNTRIES[..]), 0..3),
            proptest::sample::select(&COUNTRIES[..]),
        )
            .prop_map(|(l, with, owner)| {
                let level = [
                    ShareLevel::Public,
                    ShareLevel::Members,
                    ShareLevel::Restricted,
                ][l as usize];
                (
                    Sharing::new(level, with.into_iter().map(String::from).collect()),
                    owner,
                )
            })
    }

    fn viewers() -> Vec<Viewer> {
        let mut v = vec![Viewer::Public, Viewer::Secretariat];
        v.extend(COUNTRIES.iter().map(|c| Viewer::Member {
            country: c.to_string(),
        }));
        v
    }

    proptest! {
        /// What is computed from two pieces of data is seen exactly by
        /// those who may see both.
        #[test]
        fn meet_is_seen_by_who_sees_both((a, owner) in sharing(), (b, _) in sharing()) {
            let m = a.meet(&b);
            for v in viewers() {
                prop_assert_eq!(
                    m.visible_to(owner, &v),
                    a.visible_to(owner, &v) && b.visible_to(owner, &v)
                );
            }
        }

        /// `covers` never lets data reach a viewer who may not see it, and
        /// refuses nothing that every viewer of the other may see.
        #[test]
        fn covers_exactly_when_no_viewer_is_left_out((a, owner) in sharing(), (b, other) in sharing()) {
            let no_leak = viewers()
                .iter()
                .all(|v| !b.visible_to(other, v) || a.visible_to(owner, v));
            prop_assert_eq!(a.covers(owner, &b, other), no_leak);
        }
    }

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

    #[test]
    fn levels_are_named_and_read_back_in_any_case() {
        for level in [
            ShareLevel::Public,
            ShareLevel::Members,
            ShareLevel::Restricted,
        ] {
            assert_eq!(level.to_string(), level.as_str());
            assert_eq!(level.as_str().to_uppercase().parse(), Ok(level));
        }
        let names = [
            ShareLevel::Public,
            ShareLevel::Members,
            ShareLevel::Restricted,
        ]
        .map(ShareLevel::as_str);
        assert_eq!(names, ["public", "members", "restricted"]);
        assert_eq!(
            "secret".parse::<ShareLevel>(),
            Err(ShareLevelError("secret".into()))
        );
        assert_eq!(Sharing::public().level, ShareLevel::Public);
        assert!(Sharing::public().with.is_empty());
    }
}
