//! Seeded SIMULATED match instances of any size, for the tests and the
//! benchmarks. Plainly synthetic, and marked so in every file (a `source`
//! column reading `SIMULATED …`): the figures are chosen by hand to look
//! like labour mobility in the Americas, not taken from any register.
//!
//! - Workers come from twelve origin countries, weighted towards Central
//!   America and Venezuela, with their countries' languages (a third also
//!   speak English); most live where they are nationals, Venezuelans often
//!   in Colombia, Peru or Ecuador.
//! - Occupations: half from a hand-chosen mix of the unit groups that
//!   temporary labour programmes recruit most (farm labourers,
//!   construction, hospitality, care, cleaning, transport, some nursing and
//!   software), half spread evenly over every other civilian unit group;
//!   one worker in four holds a second occupation in the same minor group.
//!   Not ILOSTAT shares: those are a fair basis for a later version.
//! - Pathways: two per destination (field and elementary work; skilled and
//!   services), each open to a random half of the origins, with a quota of
//!   about half the places offered under it for two of every three.
//! - Vacancies: one to five places (three on average), in the
//!   destination's languages, asking up to three years of experience and up
//!   to three skills from the occupation's vocabulary.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// Origin countries, their weight among workers, languages, and where else
/// their nationals often live.
const ORIGINS: [(&str, f64, &[&str], &[&str]); 12] = [
    ("MEX", 0.16, &["es"], &[]),
    ("GTM", 0.12, &["es"], &["MEX"]),
    ("HND", 0.11, &["es"], &["MEX"]),
    ("SLV", 0.08, &["es"], &[]),
    ("NIC", 0.05, &["es"], &["CRI"]),
    ("HTI", 0.07, &["ht", "fr"], &["DOM", "CHL"]),
    ("VEN", 0.15, &["es"], &["COL", "PER", "ECU"]),
    ("COL", 0.08, &["es"], &["ECU"]),
    ("CUB", 0.04, &["es"], &[]),
    ("JAM", 0.03, &["en"], &[]),
    ("PER", 0.06, &["es"], &[]),
    ("ECU", 0.05, &["es"], &[]),
];

/// Destinations, their weight among vacancies, and their working languages.
const DESTINATIONS: [(&str, f64, &[&str]); 6] = [
    ("USA", 0.35, &["en", "es"]),
    ("CAN", 0.20, &["en", "fr"]),
    ("ESP", 0.15, &["es"]),
    ("MEX", 0.10, &["es"]),
    ("CHL", 0.10, &["es"]),
    ("CRI", 0.10, &["es"]),
];

/// Unit groups, their weight, and a few skills of the trade.
const OCCUPATIONS: [(&str, f64, &[&str]); 24] = [
    ("9211", 0.12, &["harvest", "pruning", "irrigation"]),
    ("6111", 0.05, &["tractor", "irrigation", "pesticides"]),
    ("6121", 0.03, &["milking", "animal-health"]),
    ("9212", 0.02, &["animal-health", "feeding"]),
    ("9313", 0.08, &["scaffolding", "concrete", "safety"]),
    ("7112", 0.04, &["masonry", "concrete"]),
    ("7115", 0.04, &["formwork", "joinery"]),
    ("7126", 0.02, &["pipefitting", "welding"]),
    ("7411", 0.02, &["wiring", "safety"]),
    ("7212", 0.02, &["welding", "safety"]),
    ("7231", 0.02, &["diesel", "diagnostics"]),
    ("5120", 0.06, &["food-safety", "grill", "pastry"]),
    ("9412", 0.05, &["food-safety", "dishwashing"]),
    ("5131", 0.04, &["customer-service", "bar"]),
    ("9112", 0.07, &["housekeeping", "laundry"]),
    ("5322", 0.06, &["elder-care", "first-aid"]),
    ("3221", 0.03, &["first-aid", "medication"]),
    ("2221", 0.02, &["first-aid", "medication", "icu"]),
    ("8332", 0.03, &["heavy-licence", "logistics"]),
    ("8322", 0.02, &["driving-licence", "logistics"]),
    ("9333", 0.03, &["forklift", "logistics"]),
    ("9329", 0.05, &["assembly", "packing"]),
    ("8160", 0.02, &["food-safety", "packing"]),
    ("2512", 0.02, &["java", "python", "sql"]),
];

/// The groups a field-work pathway is open to (agriculture and the
/// elementary occupations of farms, building sites, kitchens and refuse);
/// the other pathway of each destination takes every other civilian one.
const FIELD_WORK: &str = "6;92;93;94;96";
const SKILLED_WORK: &str = "1;2;3;4;5;7;8;91;95";

const START: &str = "2026-03-01";
const END: &str = "2026-09-30";

/// An instance as CSV text, ready to write.
pub struct Generated {
    pub pathways: String,
    pub workers: String,
    pub vacancies: String,
    pub places: u64,
}

struct Draw(Xoshiro256PlusPlus);

impl Draw {
    fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|x| x.1).sum();
        let mut r = self.0.random::<f64>() * total;
        for &(x, w) in items {
            if r < w {
                return x;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.0.random::<f64>() < p
    }
}

/// Share of workers and vacancies spread evenly over every civilian unit
/// group of ISCO-08 (the rest follow [`OCCUPATIONS`]): programmes recruit
/// in many trades beyond the few that dominate.
const SPREAD: f64 = 0.5;
/// Skills drawn for the unit groups outside [`OCCUPATIONS`].
const GENERAL_SKILLS: &[&str] = &["safety", "teamwork", "computer-literacy"];

type Occupation = (String, f64, &'static [&'static str]);

/// The occupation mix: the listed unit groups at their weights, and every
/// other civilian unit group at an even share of [`SPREAD`].
fn occupations() -> Vec<Occupation> {
    let listed: f64 = OCCUPATIONS.iter().map(|o| o.1).sum();
    let mut out: Vec<Occupation> = OCCUPATIONS
        .iter()
        .map(|&(c, w, s)| (c.to_string(), (1.0 - SPREAD) * w / listed, s))
        .collect();
    let others: Vec<String> = crate::isco::all()
        .filter(|c| c.level() == crate::isco::Level::Unit)
        .map(|c| c.to_string())
        .filter(|c| !c.starts_with('0') && !OCCUPATIONS.iter().any(|o| o.0 == c))
        .collect();
    let each = SPREAD / others.len() as f64;
    out.extend(others.into_iter().map(|c| (c, each, GENERAL_SKILLS)));
    out
}

fn sibling<'a>(d: &mut Draw, all: &'a [Occupation], unit: &str) -> Option<&'a str> {
    let same: Vec<&str> = all
        .iter()
        .map(|o| o.0.as_str())
        .filter(|c| *c != unit && c[..3] == unit[..3])
        .collect();
    (!same.is_empty()).then(|| same[d.below(same.len())])
}

/// A seeded instance of `workers` workers and `vacancies` vacancies.
pub fn generate(seed: u64, workers: usize, vacancies: usize) -> Generated {
    let mut d = Draw(Xoshiro256PlusPlus::seed_from_u64(seed));
    let mark = format!("SIMULATED (corredor labour generate --seed {seed})");
    // Pathways: two per destination, each open to about half the origins.
    let mut pathways: Vec<(String, &str, &str, bool)> = Vec::new();
    let mut open_to: Vec<Vec<&str>> = Vec::new();
    for (dest, _, _) in DESTINATIONS {
        for (kind, occupations) in [("FIELD", FIELD_WORK), ("SKILLED", SKILLED_WORK)] {
            let origins: Vec<&str> = ORIGINS
                .iter()
                .map(|o| o.0)
                .filter(|o| *o != dest)
                .filter(|_| d.chance(0.5))
                .collect();
            pathways.push((
                format!("SIM-{dest}-{kind}"),
                dest,
                occupations,
                d.chance(2.0 / 3.0),
            ));
            open_to.push(origins);
        }
    }
    // Vacancies first, so that quotas can follow the places offered.
    let all = occupations();
    let occ: Vec<(usize, f64)> = all.iter().enumerate().map(|(k, o)| (k, o.1)).collect();
    let dests: Vec<(usize, f64)> = DESTINATIONS
        .iter()
        .enumerate()
        .map(|(k, x)| (k, x.1))
        .collect();
    let mut offered = vec![0u64; pathways.len()];
    let mut vac = String::from(
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end,source\n",
    );
    let employers = (vacancies / 5).max(1);
    for j in 0..vacancies {
        let k = d.weighted(&occ);
        let (unit, _, skills) = &all[k];
        let t = d.weighted(&dests);
        let (dest, _, langs) = DESTINATIONS[t];
        let field = FIELD_WORK.split(';').any(|p| unit.starts_with(p));
        let p = 2 * t + usize::from(!field);
        let places = 1 + d.below(5) as u64;
        offered[p] += places;
        let languages: Vec<&str> = if langs.len() > 1 && d.chance(0.5) {
            langs.to_vec()
        } else {
            vec![langs[0]]
        };
        let wanted: Vec<&str> = skills.iter().copied().filter(|_| d.chance(0.4)).collect();
        vac.push_str(&format!(
            "V{j:06},E{:05},{dest},{unit},{places},{},{},{},{},{START},{END},{mark}\n",
            d.below(employers),
            languages.join(";"),
            d.below(4),
            wanted.join(";"),
            pathways[p].0,
        ));
    }
    let mut path = String::from(
        "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n",
    );
    for (k, (id, dest, occupations, quota)) in pathways.iter().enumerate() {
        let quota = if *quota {
            (offered[k] / 2).to_string()
        } else {
            String::new()
        };
        path.push_str(&format!(
            "{id},Simulated pathway {id},{},{dest},{occupations},{quota},{START},,,0,{mark}\n",
            open_to[k].join(";"),
        ));
    }
    let origins: Vec<(usize, f64)> = ORIGINS.iter().enumerate().map(|(k, o)| (k, o.1)).collect();
    let mut work = String::from(
        "id,nationality,residence,isco,experience_years,languages,skills,consent,source\n",
    );
    for i in 0..workers {
        let (nat, _, langs, elsewhere) = ORIGINS[d.weighted(&origins)];
        let residence = if !elsewhere.is_empty() && d.chance(0.3) {
            elsewhere[d.below(elsewhere.len())]
        } else {
            nat
        };
        let k = d.weighted(&occ);
        let (unit, _, skills) = &all[k];
        let mut units = vec![unit.as_str()];
        if d.chance(0.25) {
            units.extend(sibling(&mut d, &all, unit));
        }
        let mut languages = langs.to_vec();
        if !languages.contains(&"en") && d.chance(1.0 / 3.0) {
            languages.push("en");
        }
        let held: Vec<&str> = skills.iter().copied().filter(|_| d.chance(0.5)).collect();
        // Years of experience: most have a few, some many.
        let years = (d.0.random::<f64>().powi(2) * 15.0 * 10.0).round() / 10.0;
        work.push_str(&format!(
            "W{i:07},{nat},{residence},{},{years},{},{},{},{mark}\n",
            units.join(";"),
            languages.join(";"),
            held.join(";"),
            if d.chance(0.97) { "yes" } else { "no" },
        ));
    }
    Generated {
        pathways: path,
        workers: work,
        vacancies: vac,
        places: offered.iter().sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{read, Files};

    #[test]
    fn generated_instances_read_cleanly_and_are_marked_simulated() {
        let g = generate(7, 300, 60);
        let m = read(&Files {
            pathways: ("p", g.pathways.as_bytes()),
            workers: ("w", g.workers.as_bytes()),
            vacancies: ("v", g.vacancies.as_bytes()),
            scores: None,
        })
        .unwrap();
        assert_eq!((m.workers.len(), m.vacancies.len()), (300, 60));
        assert!(g
            .workers
            .lines()
            .skip(1)
            .all(|l| l.ends_with("SIMULATED (corredor labour generate --seed 7)")));
        assert!(m.candidates().pairs() > 0);
        assert_eq!(generate(7, 300, 60).workers, g.workers, "seeded");
    }
}
