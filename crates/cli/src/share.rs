//! `corredor share`: distribution keys (`share key`; their inputs from the
//! publishers' files, `share inputs`, are in `key_inputs`); placement
//! (`share place`, `share generate`, `share train`) is in `placement`. The computation is in
//! `corredor-sharing`; this reads the inputs (every problem with its file,
//! line and column), applies presets, compares with a published key, and
//! prints.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use corredor_sharing::assemble::MAX_AGE_YEARS;
use corredor_sharing::inputs::Outcome;
use corredor_sharing::inputs::{compute, country_code, NoKey, Request};
use corredor_sharing::presets;

use crate::key_inputs::GapChoice;

use crate::output::thousands;

#[derive(Subcommand, Debug)]
pub enum ShareCommand {
    /// A distribution key: each country's share of a total, by weighted criteria
    Key(KeyArgs),
    /// A key's inputs from the publishers' files: each figure the latest at or before a year, with its year and source
    Inputs(crate::key_inputs::InputsArgs),
    /// Families to sites, whole, within capacities, needs and quotas, for the best expected outcome
    Place(crate::placement::PlaceArgs),
    /// A seeded, SIMULATED placement instance (cases, sites, scores, past outcomes)
    Generate(crate::placement::GenerateArgs),
    /// Scores from past outcomes: a regularised logistic regression per site, with held-out AUC
    Train(crate::placement::TrainArgs),
}

#[derive(Args, Debug)]
pub struct KeyArgs {
    /// Per-country inputs (CSV with a header row)
    #[arg(long)]
    inputs: PathBuf,
    // The help as an attribute: its brackets are not documentation links.
    #[arg(
        long,
        conflicts_with = "preset",
        required_unless_present = "preset",
        help = "Criteria: COLUMN:WEIGHT[:inverse[:cap=C]],… (weights add up to 1)"
    )]
    criteria: Option<String>,
    /// A key governments adopted or the declaration's reports call for: eu-2015-may, eu-2015-sep, americas
    #[arg(long)]
    preset: Option<String>,
    /// Persons to share (default: the preset's)
    #[arg(long)]
    total: Option<u64>,
    /// Countries left out (alpha-3, comma-separated)
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
    /// The column naming the country (default: the preset's, or "country")
    #[arg(long)]
    country_column: Option<String>,
    /// Show how each criterion made this country's share
    #[arg(long)]
    explain: Option<String>,
    /// What an empty cell (no figure) means
    #[arg(long, value_enum, default_value = "refuse")]
    gaps: GapChoice,
    /// Flag figures older than this many years before the inputs'
    /// reference_year
    #[arg(long, default_value_t = MAX_AGE_YEARS)]
    max_age: i32,
    /// A published key to compare with (scheme,iso2,…,key_pct_published); for
    /// the EU presets, published.csv beside the inputs is used when present
    #[arg(long)]
    published: Option<PathBuf>,
    /// Publish the key under this name (lower case, digits, - and _): from
    /// then on anyone may read it, with its inputs. Never changed after.
    #[arg(long, requires = "title")]
    publish: Option<String>,
    /// What the published key is for
    #[arg(long)]
    title: Option<String>,
    /// Print JSON
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// The key as CSV: country,share,persons
    #[arg(long)]
    csv: bool,
}

pub fn run(cmd: &ShareCommand, db: &str, org: &str) -> Result<ExitCode> {
    let args = match cmd {
        ShareCommand::Key(args) => args,
        ShareCommand::Inputs(args) => return crate::key_inputs::run(args, db),
        ShareCommand::Place(args) => return crate::placement::place(args, db),
        ShareCommand::Generate(args) => return crate::placement::generate(args),
        ShareCommand::Train(args) => return crate::placement::train(args),
    };
    let preset = match &args.preset {
        Some(p) => Some(presets::find(p).with_context(|| {
            format!(
                "no preset '{p}': use {}",
                presets::ALL.map(|p| p.name).join(", ")
            )
        })?),
        None => None,
    };
    let read =
        |p: &PathBuf| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
    let inputs = read(&args.inputs)?;
    let published_path = args.published.clone().or_else(|| {
        preset.and_then(|p| p.published_scheme).and_then(|_| {
            let p = args.inputs.with_file_name("published.csv");
            p.exists().then_some(p)
        })
    });
    let published = published_path.as_ref().map(read).transpose()?;
    let (name, pname) = (
        args.inputs.display().to_string(),
        published_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    );
    let outcome = compute(&Request {
        name: &name,
        inputs: &inputs,
        preset,
        criteria: args.criteria.as_deref(),
        total: args.total,
        exclude: &args.exclude,
        country_column: args.country_column.as_deref(),
        published: published.as_deref().map(|b| (pname.as_str(), b)),
        gaps: args.gaps.into(),
    });
    let o = match outcome {
        Ok(o) => o,
        Err(e) => {
            for p in e.messages() {
                eprintln!("{p}");
            }
            let n = match &e {
                NoKey::Files(problems) => problems.total(),
                NoKey::Request(_) => 1,
            };
            bail!(
                "{n} problem{}: nothing computed",
                if n == 1 { "" } else { "s" }
            );
        }
    };
    // The country to explain is checked before anything is published, so
    // that a refused command writes nothing.
    let explained = match &args.explain {
        Some(who) => {
            let code =
                country_code(who).with_context(|| format!("--explain {who}: not a country"))?;
            let Some(i) = o.countries.iter().position(|c| *c == code) else {
                bail!("--explain {code}: not among the countries of this key");
            };
            Some((code, i))
        }
        None => None,
    };
    if let Some(name) = &args.publish {
        let req = corredor_app::keys::KeyRequest {
            preset: args.preset.clone(),
            criteria: args.criteria.clone(),
            total: args.total,
            exclude: args.exclude.clone(),
            country_column: args.country_column.clone(),
            gaps: args.gaps.into(),
        };
        let mut store = crate::open_store(db)?;
        let actor = corredor_app::auth::operator(org);
        corredor_app::keys::publish(
            store.as_mut(),
            &actor,
            name,
            args.title.as_deref().unwrap_or_default(),
            &req,
            &inputs,
            &o,
        )?;
        eprintln!("published as {name}: GET /api/v1/share/keys/{name}");
    }
    let (k, persons, total) = (&o.key, &o.persons, o.total);
    let countries = &o.countries;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&corredor_app::answers::KeyAnswer::new(&o))?
        );
    } else if args.csv {
        println!("country,share,persons");
        for i in o.order() {
            println!("{},{},{}", countries[i], k.shares[i], persons[i]);
        }
    } else {
        if let Some(p) = preset {
            println!("{}", p.title);
            println!("  {}", p.notes);
        }
        println!(
            "{} countries, {} persons; persons by largest remainder (each gets its exact quota rounded down or up, summing exactly to the total)\n",
            countries.len(),
            thousands(total)
        );
        print!(
            "{:<8} {:>12} {:>8} {:>9}",
            "country", "share", "%", "persons"
        );
        if o.published.is_some() {
            print!(" {:>11} {:>8}", "published %", "diff pp");
        }
        let years = YearColumns::new(&o, args.max_age);
        years.header();
        println!();
        for i in o.order() {
            let c = &countries[i];
            print!(
                "{:<8} {:>12.8} {:>8.2} {:>9}",
                c,
                k.shares[i],
                k.shares[i] * 100.0,
                thousands(persons[i])
            );
            if o.published.is_some() {
                match o.difference(i) {
                    Some(d) => print!(" {:>11.2} {:>+8.3}", k.shares[i] * 100.0 - d, d),
                    None => print!(" {:>11} {:>8}", "–", ""),
                }
            }
            println!("{}", years.row(i).trim_end());
        }
        years.notes();
        if let Some((c, d)) = o.largest_difference() {
            println!(
                "\nlargest difference from the published key: {:.3} percentage points ({c})",
                d.abs()
            );
        }
    }
    if let Some((code, i)) = explained {
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&corredor_app::answers::explain(&o, &code))?
            );
        } else {
            explain(&o, i);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How country `i`'s share is made, criterion by criterion, with each
/// figure's year and source and what was done with a gap.
fn explain(o: &Outcome, i: usize) {
    let k = &o.key;
    println!("\nHow {}'s share is made:", o.countries[i]);
    for ((p, c), from) in k.parts[i]
        .iter()
        .zip(&o.spec.criteria)
        .zip(&o.provenance[i])
    {
        let effect = match c.effect {
            corredor_sharing::Effect::Direct => "direct",
            corredor_sharing::Effect::Inverse => "inverse",
        };
        let Some(value) = p.value else {
            println!(
                "  {} ({effect}): no figure ({}); left out of this criterion by the gap rule {}",
                p.criterion,
                from.source
                    .as_deref()
                    .map_or("the cell is empty", |s| s.trim_start_matches("gap: ")),
                o.gaps
            );
            continue;
        };
        let whence = match (from.year, &from.source) {
            (Some(y), Some(s)) => format!(" ({y}, {s})"),
            (Some(y), None) => format!(" ({y})"),
            (None, Some(s)) => format!(" ({s})"),
            (None, None) => String::new(),
        };
        let weight = if (p.weight - c.weight).abs() > 1e-12 {
            format!(
                "{:.4} (its weight {:.2}, renormalised over the criteria {} has)",
                p.weight, c.weight, o.countries[i]
            )
        } else {
            format!("{:.2}", c.weight)
        };
        println!(
            "  {} ({effect}): value {value}{whence}, share {:.4}%{}, × {weight} = {:.4} points",
            p.criterion,
            p.share * 100.0,
            if p.capped_share < p.share {
                format!(", capped to {:.4}%", p.capped_share * 100.0)
            } else {
                String::new()
            },
            p.contribution * 100.0
        );
    }
    println!(
        "  handed back from what the caps removed: {:.4} points",
        k.redistributed[i] * 100.0
    );
    if (k.scale - 1.0).abs() > 1e-12 {
        println!(
            "  × {:.6}, as every country's, so that the shares add up to 1 (renormalised gaps raised some weights)",
            k.scale
        );
    }
    println!(
        "  key: {:.4}% → {} persons",
        k.shares[i] * 100.0,
        thousands(o.persons[i])
    );
}

/// The year of each input beside the shares, when the inputs give years
/// (as `share inputs` writes them); a gap, and a figure older than the age
/// allowed, marked, and both listed below the table.
struct YearColumns<'a> {
    o: &'a Outcome,
    show: bool,
    widths: Vec<usize>,
    max_age: i32,
    stale: Vec<corredor_sharing::inputs::Stale>,
}

impl<'a> YearColumns<'a> {
    fn new(o: &'a Outcome, max_age: i32) -> YearColumns<'a> {
        YearColumns {
            o,
            show: o.has_years() || !o.gaps().is_empty(),
            widths: o
                .spec
                .criteria
                .iter()
                .map(|c| c.name.len().max(5))
                .collect(),
            max_age,
            stale: o.stale(max_age),
        }
    }

    fn header(&self) {
        if self.show {
            for (c, w) in self.o.spec.criteria.iter().zip(&self.widths) {
                print!("  {:>w$}", c.name);
            }
        }
    }

    /// Country `i`'s years; a trailing space where the last is not flagged.
    fn row(&self, i: usize) -> String {
        let mut out = String::new();
        if !self.show {
            return out;
        }
        for (k, w) in self.widths.iter().enumerate() {
            let cell = match (self.o.key.parts[i][k].value, self.o.provenance[i][k].year) {
                (None, _) => "gap ".to_string(),
                (Some(_), None) => "– ".to_string(),
                (Some(_), Some(y)) => {
                    let old = self
                        .stale
                        .iter()
                        .any(|s| s.country == i && s.criterion == k);
                    format!("{y}{}", if old { "*" } else { " " })
                }
            };
            out.push_str(&format!("  {cell:>w$}", w = w + 1));
        }
        out
    }

    fn notes(&self) {
        if !self.show {
            return;
        }
        let o = self.o;
        let gaps = o.gaps();
        if !gaps.is_empty() {
            println!(
                "\n{} gap{}, rule {}: each country left out of the criterion it lacks, its other criteria's weights scaled up to add to 1, then every share × {:.6} so that they add up to 1",
                gaps.len(),
                if gaps.len() == 1 { "" } else { "s" },
                o.gaps,
                o.key.scale
            );
            for (i, k) in gaps {
                let why = o.provenance[i][k]
                    .source
                    .as_deref()
                    .map_or("the cell is empty", |s| s.trim_start_matches("gap: "));
                println!("  {} {}: {why}", o.countries[i], o.spec.criteria[k].name);
            }
        }
        if !self.stale.is_empty() {
            println!(
                "\n* older than {} years before the reference year (flagged; a newer figure should be sought):",
                self.max_age
            );
            for s in &self.stale {
                println!(
                    "  {} {} {} ({} years)",
                    o.countries[s.country], o.spec.criteria[s.criterion].name, s.year, s.age
                );
            }
        }
    }
}
