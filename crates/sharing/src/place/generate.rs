//! Seeded placement instances of any size, for the tests, the benchmarks
//! and the demonstration. Plainly synthetic: the figures are chosen to
//! look like a resettlement caseload, not taken from one.
//!
//! - Family sizes follow the shape of resettlement caseloads: a third
//!   single adults, then fewer families the larger they are, up to nine.
//! - Needs: medical care (one family in ten), schooling (most families with
//!   children), accessible housing (one in thirty).
//! - Sites are spread over the corridor's receiving countries, with
//!   capacities from a log-normal around an even share of 102% of the
//!   caseload, and schooling, medical care and accessibility at three
//!   quarters, a third and a quarter of them.
//! - The score of a family at a site is its expected number of working-age
//!   members employed within 90 days: a logistic model of the site's labour
//!   market, the family's education and language (speaking the country's
//!   language helps most), children and medical needs, plus variation of
//!   the family and of the pair that no model sees.
//! - Past outcomes (for `share train`) are families of the same kind placed
//!   at random eligible sites, with employment drawn from the same model.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::{Case, Instance, Quota, Site};

/// What a model of outcomes may know about a family.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub working_age: u32,
    /// 0 none, 1 primary, 2 secondary, 3 tertiary.
    pub education: u32,
    pub language: &'static str,
}

/// A past placement and how it turned out.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub case: Case,
    pub features: Features,
    pub site: usize,
    /// Working-age members employed within 90 days.
    pub employed: u32,
}

pub struct Generated {
    pub instance: Instance,
    pub features: Vec<Features>,
    /// The languages spoken in each site's country.
    pub site_languages: Vec<&'static [&'static str]>,
    pub past: Vec<Outcome>,
}

/// Receiving countries, their weight among sites and their languages.
const COUNTRIES: [(&str, f64, &[&str]); 14] = [
    ("MEX", 0.16, &["es"]),
    ("USA", 0.14, &["en", "es"]),
    ("CAN", 0.08, &["en", "fr"]),
    ("BRA", 0.10, &["pt"]),
    ("COL", 0.08, &["es"]),
    ("CRI", 0.06, &["es"]),
    ("PAN", 0.05, &["es"]),
    ("CHL", 0.07, &["es"]),
    ("ARG", 0.07, &["es"]),
    ("PER", 0.05, &["es"]),
    ("ECU", 0.04, &["es"]),
    ("GTM", 0.03, &["es"]),
    ("URY", 0.03, &["es"]),
    ("DOM", 0.04, &["es"]),
];
/// Languages families speak, with their weights.
const LANGUAGES: [(&str, f64); 7] = [
    ("es", 0.55),
    ("ht", 0.12),
    ("en", 0.05),
    ("fr", 0.05),
    ("pt", 0.03),
    ("zh", 0.05),
    ("other", 0.15),
];
/// P(size = 1..=9).
const SIZES: [f64; 9] = [0.32, 0.16, 0.15, 0.14, 0.10, 0.06, 0.04, 0.02, 0.01];
const SERVICES: [(&str, f64); 3] = [("schooling", 0.75), ("medical", 0.35), ("accessible", 0.25)];
/// Total capacity over total persons.
const CAPACITY_RATIO: f64 = 1.02;
/// P(size = 1..=12) of [`FamilySizes::Heterogeneous`]: as many large
/// families as small ones, so that capacity packs badly.
const WIDE_SIZES: [f64; 12] = [
    0.14, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.07, 0.07,
];
/// Needs added by [`Needs::Many`], with how often families have them and
/// how often sites serve them; medical care and accessibility then come
/// three and four times as often as usual.
const MORE_NEEDS: [(&str, f64, f64); 2] = [("legal", 0.30, 0.45), ("psychosocial", 0.25, 0.40)];
const MANY_MEDICAL: f64 = 0.30;
const MANY_ACCESSIBLE: f64 = 0.12;

/// What kind of instance to draw; the default is the caseload described
/// above.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Total capacity over total persons (below 1: more persons than
    /// places).
    pub capacity_ratio: f64,
    pub family_sizes: FamilySizes,
    pub needs: Needs,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            capacity_ratio: CAPACITY_RATIO,
            family_sizes: FamilySizes::Caseload,
            needs: Needs::Usual,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilySizes {
    /// A third single adults, fewer families the larger, up to nine.
    Caseload,
    /// Up to twelve, as many large as small (`WIDE_SIZES`).
    Heterogeneous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Medical care, schooling and accessibility as described above.
    Usual,
    /// More of those, and legal and psychosocial support (`MORE_NEEDS`).
    Many,
}
/// Past outcomes per site, for training.
const PAST_PER_SITE: usize = 80;

struct Draw(Xoshiro256PlusPlus);

impl Draw {
    fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    fn normal(&mut self) -> f64 {
        // Box–Muller.
        let (u, v) = (self.uniform().max(1e-300), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn pick<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|x| x.1).sum();
        let mut r = self.uniform() * total;
        for &(x, w) in items {
            if r < w {
                return x;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }

    fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }
}

struct SiteTruth {
    market: f64,
    education: f64,
}

fn family(d: &mut Draw, id: String, shape: &Shape) -> (Case, Features) {
    let table: &[f64] = match shape.family_sizes {
        FamilySizes::Caseload => &SIZES,
        FamilySizes::Heterogeneous => &WIDE_SIZES,
    };
    let sizes: Vec<(u32, f64)> = table
        .iter()
        .enumerate()
        .map(|(k, &p)| (k as u32 + 1, p))
        .collect();
    let size = d.pick(&sizes);
    let adults = if size == 1 {
        1
    } else if d.chance(0.7) {
        2
    } else {
        1
    };
    let grown = (0..size.saturating_sub(adults))
        .filter(|_| d.chance(0.15))
        .count() as u32;
    let working_age = (adults + grown).min(size);
    let children = size - working_age;
    let many = shape.needs == Needs::Many;
    let mut needs = Vec::new();
    if d.chance(if many { MANY_ACCESSIBLE } else { 0.03 }) {
        needs.push("accessible".to_string());
    }
    if many {
        for (need, p, _) in MORE_NEEDS {
            if d.chance(p) {
                needs.push(need.to_string());
            }
        }
    }
    if d.chance(if many { MANY_MEDICAL } else { 0.10 }) {
        needs.push("medical".to_string());
    }
    if children > 0 && d.chance(0.8) {
        needs.push("schooling".to_string());
    }
    let education = d.pick(&[(0u32, 0.15), (1, 0.35), (2, 0.35), (3, 0.15)]);
    let language = d.pick(&LANGUAGES);
    (
        Case { id, size, needs },
        Features {
            working_age,
            education,
            language,
        },
    )
}

/// The model's log-odds of employment, without the unseen variation.
fn log_odds(site: &SiteTruth, langs: &[&str], case: &Case, f: &Features) -> f64 {
    let edu = f64::from(f.education) - 1.5;
    let speaks = langs.contains(&f.language);
    let children = f64::from(case.size - f.working_age);
    site.market + (0.35 + site.education) * edu + if speaks { 1.1 } else { 0.0 }
        - 0.12 * children
        - if case.needs.iter().any(|n| n == "medical") {
            0.6
        } else {
            0.0
        }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// An instance of `cases` families and `sites` sites, the same for the
/// same seed. `quota_tolerance`, when given, adds quotas: each country's
/// share of the caseload in proportion to its capacity, within that
/// tolerance either way.
pub fn generate(cases: usize, sites: usize, seed: u64, quota_tolerance: Option<f64>) -> Generated {
    generate_shaped(cases, sites, seed, quota_tolerance, &Shape::default())
}

/// [`generate`], of another [`Shape`]; the default shape draws the same
/// instance as [`generate`] for the same seed.
pub fn generate_shaped(
    cases: usize,
    sites: usize,
    seed: u64,
    quota_tolerance: Option<f64>,
    shape: &Shape,
) -> Generated {
    let mut d = Draw(Xoshiro256PlusPlus::seed_from_u64(seed));
    let mut families: Vec<(Case, Features)> = (0..cases)
        .map(|i| family(&mut d, format!("C{:06}", i + 1), shape))
        .collect();
    let persons: u64 = families.iter().map(|f| u64::from(f.0.size)).sum();
    let countries: Vec<(usize, f64)> = COUNTRIES
        .iter()
        .enumerate()
        .map(|(k, c)| (k, c.1))
        .collect();
    let mean = shape.capacity_ratio * persons as f64 / sites.max(1) as f64;
    let mut site_list = Vec::with_capacity(sites);
    let mut truth = Vec::with_capacity(sites);
    let mut site_languages: Vec<&'static [&'static str]> = Vec::with_capacity(sites);
    for j in 0..sites {
        let k = d.pick(&countries);
        // Log-normal with σ = 0.5, scaled to the mean.
        let capacity = (mean * (0.5 * d.normal() - 0.125).exp()).round().max(1.0) as u64;
        let mut services: Vec<String> = SERVICES
            .iter()
            .filter(|s| d.chance(s.1))
            .map(|s| s.0.to_string())
            .collect();
        if shape.needs == Needs::Many {
            services.extend(
                MORE_NEEDS
                    .iter()
                    .filter(|s| d.chance(s.2))
                    .map(|s| s.0.to_string()),
            );
        }
        site_list.push(Site {
            id: format!("S{:04}", j + 1),
            country: COUNTRIES[k].0.to_string(),
            capacity,
            services,
        });
        truth.push(SiteTruth {
            market: -0.6 + 0.5 * d.normal(),
            education: 0.25 * d.normal(),
        });
        site_languages.push(COUNTRIES[k].2);
    }
    let case_effect: Vec<f64> = (0..cases).map(|_| 0.4 * d.normal()).collect();
    let quotas = quota_tolerance.map_or_else(Vec::new, |tol| quotas(&site_list, persons, tol));
    let (cases_v, features): (Vec<Case>, Vec<Features>) = families.drain(..).unzip();
    // The pair's variation is drawn in order of case then site, as
    // `Instance::new` asks for the scores.
    let mut noise = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut normal = move || {
        let u: f64 = noise.random::<f64>().max(1e-300);
        let v: f64 = noise.random::<f64>();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let instance = Instance::new(cases_v.clone(), site_list, quotas, |i, j| {
        let x = log_odds(&truth[j], site_languages[j], &cases_v[i], &features[i]);
        let p = logistic(x + case_effect[i] + 0.25 * normal());
        Some(f64::from(features[i].working_age) * p)
    });
    let mut past = Vec::with_capacity(PAST_PER_SITE * sites);
    for n in 0..PAST_PER_SITE * sites {
        let (case, f) = family(&mut d, format!("P{:06}", n + 1), shape);
        let eligible: Vec<usize> = (0..instance.sites.len())
            .filter(|&j| {
                case.needs
                    .iter()
                    .all(|x| instance.sites[j].services.contains(x))
            })
            .collect();
        if eligible.is_empty() {
            continue;
        }
        let j = eligible[(d.uniform() * eligible.len() as f64) as usize % eligible.len()];
        let p = logistic(
            log_odds(&truth[j], site_languages[j], &case, &f)
                + 0.4 * d.normal()
                + 0.25 * d.normal(),
        );
        let employed = (0..f.working_age).filter(|_| d.chance(p)).count() as u32;
        past.push(Outcome {
            case,
            features: f,
            site: j,
            employed,
        });
    }
    Generated {
        instance,
        features,
        site_languages,
        past,
    }
}

/// Each country's share of the persons in proportion to its capacity.
fn quotas(sites: &[Site], persons: u64, tolerance: f64) -> Vec<Quota> {
    let mut by: Vec<(String, u64)> = Vec::new();
    for s in sites {
        match by.iter_mut().find(|c| c.0 == s.country) {
            Some(c) => c.1 += s.capacity,
            None => by.push((s.country.clone(), s.capacity)),
        }
    }
    let total: u64 = by.iter().map(|c| c.1).sum();
    let shares: Vec<f64> = by.iter().map(|c| c.1 as f64 / total as f64).collect();
    let target = crate::apportion(&shares, persons.min(total));
    by.iter()
        .zip(target)
        .map(|((c, cap), t)| Quota {
            country: c.clone(),
            min: ((t as f64) * (1.0 - tolerance)).ceil() as u64,
            max: (((t as f64) * (1.0 + tolerance)).floor() as u64).min(*cap),
        })
        .collect()
}

impl Generated {
    /// `id,size,needs,working_age,education,language`.
    pub fn write_cases(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "id,size,needs,working_age,education,language")?;
        for (c, f) in self.instance.cases.iter().zip(&self.features) {
            writeln!(
                out,
                "{},{},{},{},{},{}",
                c.id,
                c.size,
                c.needs.join(";"),
                f.working_age,
                f.education,
                f.language
            )?;
        }
        Ok(())
    }

    /// `id,country,capacity,services,languages`.
    pub fn write_sites(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "id,country,capacity,services,languages")?;
        for (s, l) in self.instance.sites.iter().zip(&self.site_languages) {
            writeln!(
                out,
                "{},{},{},{},{}",
                s.id,
                s.country,
                s.capacity,
                s.services.join(";"),
                l.join(";")
            )?;
        }
        Ok(())
    }

    /// `case,site,score`, every eligible pair, scores to 6 decimals.
    pub fn write_scores(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "case,site,score")?;
        let inst = &self.instance;
        for (i, c) in inst.cases.iter().enumerate() {
            let (sites, scores) = inst.scores.row(i);
            for (&j, &w) in sites.iter().zip(scores) {
                writeln!(out, "{},{},{:.6}", c.id, inst.sites[j as usize].id, w)?;
            }
        }
        Ok(())
    }

    /// `country,min,max`.
    pub fn write_quotas(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "country,min,max")?;
        for q in &self.instance.quotas {
            writeln!(out, "{},{},{}", q.country, q.min, q.max)?;
        }
        Ok(())
    }

    /// `case,site,size,needs,working_age,education,language,employed`.
    pub fn write_outcomes(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(
            out,
            "case,site,size,needs,working_age,education,language,employed"
        )?;
        for o in &self.past {
            writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                o.case.id,
                self.instance.sites[o.site].id,
                o.case.size,
                o.case.needs.join(";"),
                o.features.working_age,
                o.features.education,
                o.features.language,
                o.employed
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_instance() {
        let a = generate(300, 12, 7, Some(0.05));
        let b = generate(300, 12, 7, Some(0.05));
        assert_eq!(a.instance, b.instance);
        assert_eq!(a.past, b.past);
        assert_ne!(a.instance, generate(300, 12, 8, None).instance);
    }

    #[test]
    fn shapes_change_what_they_say_and_the_default_changes_nothing() {
        let plain = generate(400, 20, 5, None);
        assert_eq!(
            generate_shaped(400, 20, 5, None, &Shape::default()).instance,
            plain.instance
        );
        let shape = Shape {
            capacity_ratio: 0.8,
            family_sizes: FamilySizes::Heterogeneous,
            needs: Needs::Many,
        };
        let g = generate_shaped(400, 20, 5, None, &shape).instance;
        let ratio = g.capacity() as f64 / g.persons() as f64;
        assert!((0.65..0.95).contains(&ratio), "capacity ratio {ratio}");
        assert!(g.cases.iter().any(|c| c.size > 9));
        let needs = |i: &Instance| i.cases.iter().map(|c| c.needs.len()).sum::<usize>();
        assert!(needs(&g) > 2 * needs(&plain.instance));
        assert!(g.scores.pairs() < plain.instance.scores.pairs());
    }

    #[test]
    fn instances_look_like_a_caseload() {
        let g = generate(5000, 50, 1, None);
        let inst = &g.instance;
        let mean = inst.persons() as f64 / 5000.0;
        assert!((2.3..3.3).contains(&mean), "mean family size {mean}");
        let ratio = inst.capacity() as f64 / inst.persons() as f64;
        assert!((0.85..1.2).contains(&ratio), "capacity ratio {ratio}");
        let medical = inst
            .cases
            .iter()
            .filter(|c| c.needs.contains(&"medical".into()))
            .count();
        assert!(
            (350..650).contains(&medical),
            "{medical} families need medical care"
        );
        // Scores are expected employed members: within [0, working age].
        for i in 0..inst.cases.len() {
            let wa = f64::from(g.features[i].working_age);
            assert!(inst
                .scores
                .row(i)
                .1
                .iter()
                .all(|&s| (0.0..=wa).contains(&s)));
        }
        assert!(g.past.len() > 3000);
    }
}
