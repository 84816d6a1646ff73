//! `corredor share place`, `share generate` and `share train`: families to
//! sites. The work is in `corredor_sharing::place` and
//! `corredor_sharing::train`; this reads the files, holds the clock for the
//! time limit, and prints.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::Args;
use corredor_ingest::Problems;
use corredor_sharing::place::unplaced::{unplaced, Unplaced};
use corredor_sharing::place::{self, files, generate, Options};
use corredor_sharing::train;

use crate::output::thousands;

#[derive(Args, Debug)]
pub struct PlaceArgs {
    /// Families: id,size,needs (needs ;-separated)
    #[arg(long)]
    cases: PathBuf,
    /// Sites: id,country,capacity,services (services ;-separated)
    #[arg(long, required_unless_present = "sites_from_store")]
    sites: Option<PathBuf>,
    /// Take the sites and their capacities from the latest capacity reports
    /// of this kind in the store (--db): reception_places or shelter_beds
    /// (as `corredor capacity sites` writes them; no services)
    #[arg(long, conflicts_with = "sites")]
    sites_from_store: Option<corredor_model::CapacityKind>,
    /// With --sites-from-store: the date the reports should hold on (default: today)
    #[arg(long, requires = "sites_from_store")]
    on: Option<chrono::NaiveDate>,
    /// Expected outcome of each family at each site: case,site,score
    /// (without it, a placement is worth the persons it places)
    #[arg(long)]
    scores: Option<PathBuf>,
    /// Persons per country: country,persons (within --tolerance) or country,min,max
    #[arg(long)]
    quotas: Option<PathBuf>,
    /// Quotas given as persons allow this fraction either way
    #[arg(long, default_value_t = 0.05)]
    tolerance: f64,
    /// Stop searching after this many seconds, with the best placement and its bound
    #[arg(long, default_value_t = 60.0, value_parser = crate::output::parse_seconds)]
    time_limit: f64,
    /// Write the assignments here as CSV (case,site,country,score)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Families
    #[arg(long)]
    cases: usize,
    /// Sites
    #[arg(long)]
    sites: usize,
    /// Seed of the random generator: the same seed writes the same instance
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Add quotas per country in proportion to capacity, within this fraction
    #[arg(long)]
    quotas: Option<f64>,
    /// Total capacity over total persons (below 1: more persons than places)
    #[arg(long, default_value_t = 1.02)]
    capacity_ratio: f64,
    /// Family sizes: as in resettlement caseloads, or up to twelve with as many large as small
    #[arg(long, value_enum, default_value_t = FamilySizes::Caseload)]
    family_sizes: FamilySizes,
    /// Needs: medical care, schooling and accessibility as usual, or many (more of those, and legal and psychosocial support)
    #[arg(long, value_enum, default_value_t = Needs::Usual)]
    needs: Needs,
    /// Folder for cases.csv, sites.csv, scores.csv, outcomes.csv (and quotas.csv)
    #[arg(long)]
    out: PathBuf,
}

/// `generate::FamilySizes`, as the command line names it.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FamilySizes {
    Caseload,
    Heterogeneous,
}

/// `generate::Needs`, as the command line names it.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Needs {
    Usual,
    Many,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Past placements: case,site,size,needs,working_age,education,language,employed
    #[arg(long)]
    outcomes: PathBuf,
    /// Families to score (with working_age, education and language columns)
    #[arg(long)]
    cases: PathBuf,
    /// Sites to score them at
    #[arg(long)]
    sites: PathBuf,
    /// Write the scores here (case,site,score)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))
}

fn refuse(problems: Problems) -> anyhow::Error {
    for p in problems.messages() {
        eprintln!("{p}");
    }
    let n = problems.total();
    anyhow::anyhow!(
        "{n} problem{}: nothing computed",
        if n == 1 { "" } else { "s" }
    )
}

pub fn place(args: &PlaceArgs, db: &str) -> Result<ExitCode> {
    let started = Instant::now();
    if !(0.0..1.0).contains(&args.tolerance) {
        bail!(
            "--tolerance {}: give a fraction from 0 to 1",
            args.tolerance
        );
    }
    // Each file with the name its problems cite.
    let named = |p: &Path| -> Result<(String, Vec<u8>)> { Ok((p.display().to_string(), read(p)?)) };
    let cases = named(&args.cases)?;
    let sites = match (&args.sites, args.sites_from_store) {
        (Some(path), _) => named(path)?,
        (None, Some(kind)) => {
            let on = args.on.unwrap_or_else(corredor_app::clock::today);
            let reports = crate::capacity::reports(db, kind, on)?;
            (
                format!(
                    "the latest {} reports on {on} in {}",
                    kind.indicator(),
                    corredor_store::redacted(db)
                ),
                corredor_app::capacity::sites_csv(kind, &reports)?,
            )
        }
        (None, None) => bail!("give --sites FILE or --sites-from-store KIND"),
    };
    let scores = args.scores.as_deref().map(named).transpose()?;
    let quotas = args.quotas.as_deref().map(named).transpose()?;
    fn view(f: &(String, Vec<u8>)) -> (&str, &[u8]) {
        (f.0.as_str(), f.1.as_slice())
    }
    let inst = files::read(&files::Files {
        cases: view(&cases),
        sites: view(&sites),
        scores: scores.as_ref().map(view),
        quotas: quotas.as_ref().map(view),
        tolerance: args.tolerance,
    })
    .map_err(refuse)?;
    let read_time = started.elapsed();
    let deadline = started + Duration::from_secs_f64(args.time_limit.max(0.0));
    let stop = || Instant::now() >= deadline;
    let p = place::solve(&inst, &Options { stop: &stop }).map_err(|e| {
        eprintln!("{e}");
        anyhow::anyhow!("nothing placed")
    })?;
    let elapsed = started.elapsed();
    let placed: Vec<usize> = (0..inst.cases.len())
        .filter(|&i| p.site_of[i].is_some())
        .collect();
    let persons: u64 = placed.iter().map(|&i| u64::from(inst.cases[i].size)).sum();
    if let Some(path) = &args.out {
        let mut w = create(path)?;
        write_assignments(&mut w, &inst, &p.site_of)?;
        w.flush()?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&corredor_app::answers::PlacementAnswer::new(&p, &inst))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} families ({} persons) in {} classes, {} sites ({} places){}",
        thousands(inst.cases.len() as u64),
        thousands(inst.persons()),
        thousands(p.classes as u64),
        thousands(inst.sites.len() as u64),
        thousands(inst.capacity()),
        if inst.quotas.is_empty() {
            String::new()
        } else {
            format!(", quotas for {} countries", inst.quotas.len())
        }
    );
    println!(
        "placed {} families ({} persons), {} not placed",
        thousands(placed.len() as u64),
        thousands(persons),
        thousands((inst.cases.len() - placed.len()) as u64)
    );
    // Why the others were not, most common first.
    let mut why: std::collections::BTreeMap<Unplaced, u64> = Default::default();
    for (_, w) in unplaced(&inst, &p) {
        *why.entry(w).or_default() += 1;
    }
    let mut why: Vec<(Unplaced, u64)> = why.into_iter().collect();
    why.sort_by_key(|&(w, n)| (std::cmp::Reverse(n), w));
    for (w, n) in why {
        println!("  {:>9} {}: {}", thousands(n), w.as_str(), w.describe());
    }
    println!(
        "objective {:.3}   bound {:.3}   gap {:.4}%   ({:.1} s, of which {:.1} s reading{})",
        p.objective,
        p.bound,
        p.gap() * 100.0,
        elapsed.as_secs_f64(),
        read_time.as_secs_f64(),
        if p.finished {
            ""
        } else {
            "; stopped at the time limit"
        }
    );
    println!(
        "method: {}{}",
        p.method,
        if p.nodes > 0 {
            format!(", {} nodes", thousands(p.nodes as u64))
        } else {
            String::new()
        }
    );
    if !inst.quotas.is_empty() {
        println!(
            "\n{:<8} {:>9} {:>9} {:>9}",
            "country", "persons", "min", "max"
        );
        for q in &inst.quotas {
            let n: u64 = placed
                .iter()
                .filter(|&&i| {
                    inst.sites[p.site_of[i].expect("placed") as usize].country == q.country
                })
                .map(|&i| u64::from(inst.cases[i].size))
                .sum();
            println!(
                "{:<8} {:>9} {:>9} {:>9}",
                q.country,
                thousands(n),
                thousands(q.min),
                thousands(q.max)
            );
        }
    }
    if args.out.is_none() {
        println!();
        write_assignments(&mut std::io::stdout().lock(), &inst, &p.site_of)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    ))
}

/// `case,site,country,score`, a row per family placed.
fn write_assignments(
    w: &mut impl std::io::Write,
    inst: &place::Instance,
    site_of: &[Option<u32>],
) -> std::io::Result<()> {
    // Ids are the files' own text: quoted where they hold a comma or a quote.
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["case", "site", "country", "score"])?;
    for (i, s) in site_of.iter().enumerate() {
        if let Some(j) = s {
            let j = *j as usize;
            let score = inst.scores.get(i, j).unwrap_or(0.0);
            let site = &inst.sites[j];
            out.write_record([
                inst.cases[i].id.as_str(),
                site.id.as_str(),
                site.country.as_str(),
                &score.to_string(),
            ])?;
        }
    }
    out.flush()
}

pub fn generate(args: &GenerateArgs) -> Result<ExitCode> {
    if args.cases == 0 || args.sites == 0 {
        bail!("give at least one family and one site");
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    if !(args.capacity_ratio > 0.0 && args.capacity_ratio.is_finite()) {
        bail!(
            "--capacity-ratio {}: give a positive number (1 is as many places as persons)",
            args.capacity_ratio
        );
    }
    let shape = generate::Shape {
        capacity_ratio: args.capacity_ratio,
        family_sizes: match args.family_sizes {
            FamilySizes::Caseload => generate::FamilySizes::Caseload,
            FamilySizes::Heterogeneous => generate::FamilySizes::Heterogeneous,
        },
        needs: match args.needs {
            Needs::Usual => generate::Needs::Usual,
            Needs::Many => generate::Needs::Many,
        },
    };
    let g = generate::generate_shaped(args.cases, args.sites, args.seed, args.quotas, &shape);
    let file = |name: &str| create(&args.out.join(name));
    g.write_cases(&mut file("cases.csv")?)?;
    g.write_sites(&mut file("sites.csv")?)?;
    g.write_scores(&mut file("scores.csv")?)?;
    g.write_outcomes(&mut file("outcomes.csv")?)?;
    if args.quotas.is_some() {
        g.write_quotas(&mut file("quotas.csv")?)?;
    }
    println!(
        "SIMULATED instance (seed {}): {} families ({} persons), {} sites ({} places), {} scored pairs, {} past outcomes → {}",
        args.seed,
        thousands(g.instance.cases.len() as u64),
        thousands(g.instance.persons()),
        thousands(g.instance.sites.len() as u64),
        thousands(g.instance.capacity()),
        thousands(g.instance.scores.pairs() as u64),
        thousands(g.past.len() as u64),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let (o, c, s) = (
        read(&args.outcomes)?,
        read(&args.cases)?,
        read(&args.sites)?,
    );
    let names = [&args.outcomes, &args.cases, &args.sites].map(|p| p.display().to_string());
    let result = train::train(&train::Files {
        outcomes: (&names[0], &o),
        cases: (&names[1], &c),
        sites: (&names[2], &s),
    })
    .map_err(refuse)?;
    if let Some(path) = &args.out {
        let mut w = create(path)?;
        result.write_scores(&mut w)?;
        w.flush()?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&corredor_app::answers::training(&result))?
        );
    } else {
        println!(
            "{} past placements at {} sites; {} held out (one in {}) for validation",
            thousands(result.outcomes as u64),
            thousands(result.sites.len() as u64),
            thousands(result.held_out as u64),
            train::HOLD_OUT_ONE_IN
        );
        println!(
            "held-out AUC {:.3} (the pooled model alone: {:.3}); {} scores{}",
            result.auc,
            result.pooled_auc,
            thousands(result.scores.len() as u64),
            args.out
                .as_ref()
                .map(|p| format!(" written to {}", p.display()))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}
