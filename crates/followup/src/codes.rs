//! The two classifications an IATI reader expects of every activity:
//! the sector (OECD DAC purpose codes, IATI's Sector vocabulary 1) and the
//! organisations' identifiers (IATI's `ref`), each from a table shipped in
//! `data/` with its source.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use corredor_model::Lang;
use serde::Serialize;

const SECTORS: &str = include_str!("../data/dac-sectors.tsv");
const ORGANISATIONS: &str = include_str!("../data/organisations.tsv");

/// Rows of a shipped table: not blank, not a `#` comment, not the header.
fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
}

/// A sector's names: English always, the others where the table has them.
struct SectorName {
    en: &'static str,
    es: Option<&'static str>,
    fr: Option<&'static str>,
}

fn sectors() -> &'static BTreeMap<&'static str, SectorName> {
    static TABLE: OnceLock<BTreeMap<&'static str, SectorName>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(SECTORS)
            .map(|r| {
                let named = |i: usize| r.get(i).copied().filter(|s| !s.is_empty());
                (
                    r[0],
                    SectorName {
                        en: named(1).unwrap_or_default(),
                        es: named(2),
                        fr: named(3),
                    },
                )
            })
            .collect()
    })
}

/// A DAC 5-digit purpose code of the shipped list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Sector(String);

impl Sector {
    /// DAC 99810, "Sectors not specified": what an activity whose sector
    /// nobody stated is reported under, rather than a guess.
    pub fn unspecified() -> Sector {
        Sector("99810".into())
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The name in `lang` where the table has one: French as IATI
    /// publishes it, and Spanish where the table has it.
    pub fn name_in(&self, lang: Lang) -> Option<&'static str> {
        let n = &sectors()[self.0.as_str()];
        match lang {
            Lang::En => Some(n.en),
            Lang::Es => n.es,
            Lang::Fr => n.fr,
            Lang::Pt => None,
        }
    }

    /// The name in `lang`, else in English (as the OECD publishes it).
    pub fn name(&self, lang: Lang) -> &'static str {
        self.name_in(lang).unwrap_or(sectors()[self.0.as_str()].en)
    }

    /// Every sector of the list, in code order.
    pub fn all() -> Vec<Sector> {
        sectors().keys().map(|c| Sector((*c).into())).collect()
    }
}

impl FromStr for Sector {
    type Err = String;
    fn from_str(s: &str) -> Result<Sector, String> {
        let code = s.trim();
        if sectors().contains_key(code) {
            Ok(Sector(code.into()))
        } else {
            Err(format!(
                "sector '{s}': use a DAC 5-digit purpose code of the list (15190 migration, 72010 material relief, 72050 relief coordination, …; `corredor pledge sectors` lists them)"
            ))
        }
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organisation as IATI identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrgId {
    /// The name pledges and requirements use.
    pub name: String,
    /// IATI organisation identifier.
    #[serde(rename = "ref")]
    pub reference: String,
    /// IATI OrganisationType code (10 government, 40 multilateral, …).
    pub kind: String,
    /// Where the identifier comes from; empty for one the publisher
    /// assigned itself ([`identify`]).
    pub source: String,
}

struct Shipped {
    /// Every name of the organisation, lower case, to its row.
    by_name: BTreeMap<String, usize>,
    orgs: Vec<OrgId>,
}

fn shipped() -> &'static Shipped {
    static TABLE: OnceLock<Shipped> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_name = BTreeMap::new();
        let mut orgs = Vec::new();
        for r in rows(ORGANISATIONS) {
            let names: Vec<&str> = r[0].split('|').map(str::trim).collect();
            for n in &names {
                by_name.insert(n.to_lowercase(), orgs.len());
            }
            orgs.push(OrgId {
                name: names[0].into(),
                reference: r[1].into(),
                kind: r[2].into(),
                source: r.get(3).copied().unwrap_or_default().into(),
            });
        }
        Shipped { by_name, orgs }
    })
}

/// Every organisation of the shipped registry.
pub fn organisations() -> &'static [OrgId] {
    &shipped().orgs
}

/// The organisation named `name` (any of its names, any case), as the
/// shipped registry identifies it.
pub fn organisation(name: &str) -> Option<&'static OrgId> {
    let s = shipped();
    s.by_name
        .get(name.trim().to_lowercase().as_str())
        .map(|&i| &s.orgs[i])
}

/// The identifier of `name`: the registry's; else one assigned under the
/// publisher's own identifier (`{publisher}-ORG-{NAME}`), as IATI's
/// guidance on organisation identifiers allows for an organisation that
/// has none. Such an identifier has no source, and says so where shown.
pub fn identify(name: &str, publisher: &str) -> OrgId {
    if let Some(o) = organisation(name) {
        return o.clone();
    }
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    OrgId {
        name: name.into(),
        reference: format!("{publisher}-ORG-{slug}"),
        // IATI OrganisationType 90: Other.
        kind: "90".into(),
        source: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_row_is_whole() {
        assert!(sectors().len() >= 15);
        for (code, n) in sectors() {
            assert_eq!(code.len(), 5, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
            assert!(!n.en.is_empty(), "{code}");
            assert!(
                n.fr.is_some_and(|f| !f.is_empty()),
                "{code}: no French name"
            );
        }
        assert!(sectors().contains_key("99810"));
        assert!(organisations().len() >= 10);
        for o in organisations() {
            assert!(
                !o.reference.is_empty() && !o.reference.contains(' '),
                "{o:?}"
            );
            assert!(o.kind.parse::<u8>().is_ok(), "{o:?}");
            assert!(!o.source.is_empty(), "{o:?} has no source");
        }
    }

    #[test]
    fn sectors_are_checked_against_the_list() {
        assert_eq!("15190".parse::<Sector>().unwrap().code(), "15190");
        let migration = "15190".parse::<Sector>().unwrap();
        assert_eq!(
            migration.name(Lang::Fr),
            "Faciliter la migration et la mobilité de façon ordonnée, sans danger, régulière et responsable"
        );
        assert_eq!(migration.name(Lang::Pt), migration.name(Lang::En));
        assert_eq!(migration.name_in(Lang::Pt), None);
        let immigration = "15136".parse::<Sector>().unwrap();
        assert_eq!(immigration.name_in(Lang::Fr), Some("Immigration"));
        let e = "1519".parse::<Sector>().unwrap_err();
        assert!(e.contains("DAC 5-digit"), "{e}");
    }

    #[test]
    fn an_organisation_without_an_identifier_gets_the_publishers() {
        let o = identify("Other contributors (CIREFCA)", "XM-CORREDOR");
        assert_eq!(o.reference, "XM-CORREDOR-ORG-OTHER-CONTRIBUTORS-CIREFCA");
        assert!(o.source.is_empty());
        assert_eq!(identify("unhcr", "XM-CORREDOR").reference, "XM-DAC-41121");
    }
}
