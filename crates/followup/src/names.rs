//! The shipped registry's mechanisms and working groups named in the four
//! languages (`data/names-2023.toml`), looked up by code or id. The store
//! keeps the name a group was registered with; readers in another language
//! see these translations for the shipped ones, and a group registered
//! since (with no translation here) as it was written.

use std::collections::HashMap;
use std::sync::OnceLock;

use corredor_model::Lang;
use serde::Deserialize;

/// The translations, as shipped.
pub const NAMES_2023: &str = include_str!("../data/names-2023.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Vec<Names>,
}

/// One mechanism's or group's name in each language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub id: String,
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Names {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
            Lang::Pt => &self.pt,
            Lang::Fr => &self.fr,
        }
    }
}

fn table() -> &'static HashMap<String, Names> {
    static TABLE: OnceLock<HashMap<String, Names>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: File = toml::from_str(NAMES_2023).expect("the shipped names are valid");
        file.name.into_iter().map(|n| (n.id.clone(), n)).collect()
    })
}

/// The names of the shipped mechanism `code` or working group `id`.
pub fn of(id: &str) -> Option<&'static Names> {
    table().get(id)
}

/// What a reader in `lang` sees for the mechanism or group `id` that the
/// store holds as `stored`: the shipped translation while the stored name
/// is still the shipped English one, else the stored name as written.
pub fn shown<'a>(id: &str, stored: &'a str, lang: Lang) -> &'a str {
    match of(id) {
        Some(n) if n.en == stored => n.get(lang),
        _ => stored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::registry_2023;

    #[test]
    fn every_shipped_mechanism_and_group_has_its_four_names() {
        let registry = registry_2023();
        let mut ids: Vec<(String, String)> = registry
            .mechanisms
            .iter()
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect();
        ids.extend(
            registry
                .groups
                .iter()
                .map(|g| (g.id.clone(), g.name.clone())),
        );
        assert!(ids.len() > 40, "{}", ids.len());
        for (id, en) in &ids {
            let n = of(id).unwrap_or_else(|| panic!("no names for {id}"));
            assert_eq!(&n.en, en, "{id}: the English name is the registry's");
            for lang in Lang::ALL {
                assert!(!n.get(lang).trim().is_empty(), "{id} in {lang:?}");
            }
        }
        assert_eq!(table().len(), ids.len(), "no name for what is not shipped");
        for m in &registry.mechanisms {
            assert_eq!(of(&m.code).unwrap().es, m.name_es, "{}", m.code);
        }
    }

    #[test]
    fn a_renamed_or_new_group_is_shown_as_written() {
        assert_eq!(
            shown("dla-labour", "Labor mobility", Lang::Fr),
            "Mobilité de la main-d’œuvre"
        );
        assert_eq!(
            shown("dla-labour", "Movilidad laboral", Lang::Fr),
            "Movilidad laboral"
        );
        assert_eq!(shown("x-new", "New group", Lang::Pt), "New group");
    }
}
