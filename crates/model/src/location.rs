//! Names of the locations inside a reporting country that the shipped
//! importers write (`crates/ingest`): the US Border Patrol's regions in
//! OHSS's tables and CBP's southwest land border. A location Corredor has
//! no name for is shown by its code.

use crate::Lang;

/// The name of `location` inside `reporter` in `lang`, as a phrase that
/// follows the country's name ("United States (southwest land border,
/// Border Patrol)").
pub fn name(reporter: &str, location: &str, lang: Lang) -> Option<&'static str> {
    let names: [&str; 4] = match (reporter, location) {
        ("USA", "USBP_SWB") => [
            "southwest land border, Border Patrol",
            "frontera terrestre suroeste, Patrulla Fronteriza",
            "fronteira terrestre sudoeste, Patrulha de Fronteira",
            "frontière terrestre du sud-ouest, Patrouille frontalière",
        ],
        ("USA", "USBP_NLB") => [
            "northern land border, Border Patrol",
            "frontera terrestre norte, Patrulla Fronteriza",
            "fronteira terrestre norte, Patrulha de Fronteira",
            "frontière terrestre du nord, Patrouille frontalière",
        ],
        ("USA", "USBP_CST") => [
            "coastal border, Border Patrol",
            "frontera costera, Patrulla Fronteriza",
            "fronteira costeira, Patrulha de Fronteira",
            "frontière côtière, Patrouille frontalière",
        ],
        ("USA", "SWB") => [
            "southwest land border, all of CBP",
            "frontera terrestre suroeste, toda la CBP",
            "fronteira terrestre sudoeste, toda a CBP",
            "frontière terrestre du sud-ouest, toute la CBP",
        ],
        _ => return None,
    };
    Some(match lang {
        Lang::En => names[0],
        Lang::Es => names[1],
        Lang::Pt => names[2],
        Lang::Fr => names[3],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_importers_locations_are_named_and_others_are_not() {
        for location in ["USBP_SWB", "USBP_NLB", "USBP_CST", "SWB"] {
            for lang in Lang::ALL {
                assert!(name("USA", location, lang).is_some(), "{location}");
            }
        }
        assert_eq!(
            name("USA", "USBP_SWB", Lang::Es),
            Some("frontera terrestre suroeste, Patrulla Fronteriza")
        );
        assert_eq!(name("MEX", "SWB", Lang::En), None);
        assert_eq!(name("USA", "ALL", Lang::En), None);
    }
}
