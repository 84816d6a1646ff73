//! The theme vocabulary working groups are mapped to, and thematic
//! duplication: themes several mechanisms work on (each with its groups
//! and leads), and themes none does.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::registry::Registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Theme {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
    pub fr: &'static str,
}

/// A theme's code and its names in English, Spanish, Portuguese and
/// French, given together so that none can be left out.
const fn theme(code: &'static str, [en, es, pt, fr]: [&'static str; 4]) -> Theme {
    Theme {
        code,
        en,
        es,
        pt,
        fr,
    }
}

impl Theme {
    /// The theme's name in `lang`.
    pub fn name(&self, lang: corredor_model::Lang) -> &'static str {
        match lang {
            corredor_model::Lang::En => self.en,
            corredor_model::Lang::Es => self.es,
            corredor_model::Lang::Pt => self.pt,
            corredor_model::Lang::Fr => self.fr,
        }
    }
}

/// The themes of regional migration governance the declaration's reports
/// and the mechanisms' working groups name, plus those the region's
/// movements raise that no group has taken up (displacement after
/// hurricanes, statelessness).
pub const THEMES: &[Theme] = &[
    theme("asylum", ["asylum", "asilo", "asilo", "asile"]),
    theme(
        "labour-migration",
        [
            "labour migration",
            "migración laboral",
            "migração laboral",
            "migration de travail",
        ],
    ),
    theme(
        "trafficking-smuggling",
        [
            "trafficking and smuggling",
            "trata y tráfico",
            "tráfico de pessoas e de migrantes",
            "traite et trafic de migrants",
        ],
    ),
    theme(
        "family-reunification",
        [
            "family reunification",
            "reunificación familiar",
            "reunificação familiar",
            "regroupement familial",
        ],
    ),
    theme(
        "integration",
        ["integration", "integración", "integração", "intégration"],
    ),
    theme(
        "regularisation",
        [
            "regularisation",
            "regularización",
            "regularização",
            "régularisation",
        ],
    ),
    theme(
        "financing",
        [
            "financing",
            "financiamiento",
            "financiamento",
            "financement",
        ],
    ),
    theme(
        "return",
        [
            "return and reintegration",
            "retorno y reintegración",
            "retorno e reintegração",
            "retour et réintégration",
        ],
    ),
    theme(
        "visas",
        [
            "visas and travel",
            "visas y viajes",
            "vistos e viagens",
            "visas et voyages",
        ],
    ),
    theme(
        "xenophobia",
        ["xenophobia", "xenofobia", "xenofobia", "xénophobie"],
    ),
    theme(
        "resettlement",
        [
            "resettlement and complementary pathways",
            "reasentamiento y vías complementarias",
            "reassentamento e vias complementares",
            "réinstallation et voies complémentaires",
        ],
    ),
    theme(
        "internal-displacement",
        [
            "internal displacement",
            "desplazamiento interno",
            "deslocamento interno",
            "déplacement interne",
        ],
    ),
    theme(
        "border-management",
        [
            "border management",
            "gestión de fronteras",
            "gestão de fronteiras",
            "gestion des frontières",
        ],
    ),
    theme(
        "mixed-movements",
        [
            "irregular and mixed movements",
            "movimientos irregulares y mixtos",
            "movimentos irregulares e mistos",
            "mouvements irréguliers et mixtes",
        ],
    ),
    theme(
        "protection",
        [
            "protection and rights",
            "protección y derechos",
            "proteção e direitos",
            "protection et droits",
        ],
    ),
    theme(
        "development",
        [
            "migration and development",
            "migración y desarrollo",
            "migração e desenvolvimento",
            "migration et développement",
        ],
    ),
    theme(
        "diasporas",
        ["diasporas", "diásporas", "diásporas", "diasporas"],
    ),
    theme(
        "data",
        [
            "data and statistics",
            "datos y estadísticas",
            "dados e estatísticas",
            "données et statistiques",
        ],
    ),
    theme(
        "reception",
        [
            "reception and guidance",
            "recepción y orientación",
            "acolhida e orientação",
            "accueil et orientation",
        ],
    ),
    theme("health", ["health", "salud", "saúde", "santé"]),
    theme(
        "children",
        [
            "children and adolescents",
            "niñez y adolescencia",
            "crianças e adolescentes",
            "enfants et adolescents",
        ],
    ),
    theme(
        "humanitarian-assistance",
        [
            "humanitarian and cash assistance",
            "asistencia humanitaria y en efectivo",
            "assistência humanitária e em dinheiro",
            "assistance humanitaire et en espèces",
        ],
    ),
    theme(
        "accountability",
        [
            "accountability to affected people",
            "rendición de cuentas a la población afectada",
            "prestação de contas à população afetada",
            "redevabilité envers les populations touchées",
        ],
    ),
    theme(
        "climate-displacement",
        [
            "displacement by disasters and climate",
            "desplazamiento por desastres y clima",
            "deslocamento por desastres e pelo clima",
            "déplacement lié aux catastrophes et au climat",
        ],
    ),
    theme(
        "statelessness",
        ["statelessness", "apatridia", "apatridia", "apatridie"],
    ),
];

pub fn find(code: &str) -> Option<&'static Theme> {
    THEMES.iter().find(|t| t.code == code)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GroupOnTheme {
    pub mechanism: String,
    pub group: String,
    pub name: String,
    pub leads: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = ThemeCoverage))]
pub struct Coverage {
    pub theme: &'static str,
    pub mechanisms: Vec<String>,
    pub groups: Vec<GroupOnTheme>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ThemeReport {
    /// Themes on which groups of two or more mechanisms work.
    pub duplicated: Vec<Coverage>,
    /// Themes of one mechanism only.
    pub single: Vec<Coverage>,
    /// Themes no group works on.
    pub uncovered: Vec<&'static str>,
}

/// Which mechanisms' groups work on each theme, in vocabulary order.
pub fn report(registry: &Registry) -> ThemeReport {
    let mut out = ThemeReport {
        duplicated: Vec::new(),
        single: Vec::new(),
        uncovered: Vec::new(),
    };
    for t in THEMES {
        let groups: Vec<GroupOnTheme> = registry
            .groups
            .iter()
            .filter(|g| g.theme.as_deref() == Some(t.code))
            .map(|g| GroupOnTheme {
                mechanism: g.mechanism.clone(),
                group: g.id.clone(),
                name: g.name.clone(),
                leads: g.leaders().cloned().collect(),
            })
            .collect();
        let mechanisms: BTreeSet<&str> = groups.iter().map(|g| g.mechanism.as_str()).collect();
        let coverage = Coverage {
            theme: t.code,
            mechanisms: mechanisms.iter().map(|m| m.to_string()).collect(),
            groups: groups.clone(),
        };
        match mechanisms.len() {
            0 => out.uncovered.push(t.code),
            1 => out.single.push(coverage),
            _ => out.duplicated.push(coverage),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_2023_asylum_is_worked_on_by_three_mechanisms_and_statelessness_by_none() {
        let r = report(&crate::seed::registry_2023());
        let asylum = r.duplicated.iter().find(|c| c.theme == "asylum").unwrap();
        assert_eq!(asylum.mechanisms, vec!["DLA", "MIRPS", "QP"]);
        let leads: Vec<_> = asylum.groups.iter().map(|g| g.leads.join("+")).collect();
        assert_eq!(leads, vec!["CAN", "MEX", "BRA"]);
        // Integration: the declaration, MIRPS (two groups), CSM and the
        // Quito Process (two groups).
        let integration = r
            .duplicated
            .iter()
            .find(|c| c.theme == "integration")
            .unwrap();
        assert_eq!(integration.mechanisms, vec!["CSM", "DLA", "MIRPS", "QP"]);
        assert_eq!(integration.groups.len(), 6);
        assert!(r.single.iter().any(|c| c.theme == "regularisation"));
        assert_eq!(r.uncovered, vec!["climate-displacement", "statelessness"]);
    }
}
