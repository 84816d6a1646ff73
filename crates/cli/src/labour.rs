//! `corredor labour`: workers to vacancies through legal pathways. The work
//! is in `corredor_labour`; this reads the files, holds the clock for the
//! time limit, writes generated instances, and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use corredor_labour::records::{Occupations, Origins, Pathway};
use corredor_labour::{generate, matching, seed, Files};
use corredor_model::Lang;

use crate::output::thousands;

#[derive(Subcommand, Debug)]
pub enum LabourCommand {
    /// Workers to vacancy places through legal pathways, for the best total score, with a proven bound
    Match(MatchArgs),
    /// A seeded, SIMULATED instance: pathways.csv, workers.csv, vacancies.csv
    Generate(GenerateArgs),
    /// The legal pathways the project ships, each with its source
    #[command(subcommand)]
    Pathway(PathwayCommand),
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source
    #[arg(long)]
    pathways: PathBuf,
    /// id,nationality,residence,isco,experience_years,languages,skills,consent
    #[arg(long)]
    workers: PathBuf,
    /// id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
    #[arg(long)]
    vacancies: PathBuf,
    /// worker,vacancy,score: only these pairs (if eligible), with these scores
    #[arg(long)]
    scores: Option<PathBuf>,
    /// Stop searching after this many seconds, with the best matching and its bound
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Print the result as JSON (matches, unmatched workers, unfilled vacancies, objective, bound, gap)
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// The seed: the same seed gives the same instance
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many workers
    #[arg(long)]
    workers: usize,
    /// How many vacancies
    #[arg(long)]
    vacancies: usize,
    /// Folder for pathways.csv, workers.csv and vacancies.csv
    #[arg(long)]
    out: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum PathwayCommand {
    /// Every shipped pathway
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// One pathway in full
    Show {
        /// The pathway's id (see `labour pathway list`)
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: &LabourCommand) -> Result<ExitCode> {
    match cmd {
        LabourCommand::Match(args) => run_match(args),
        LabourCommand::Generate(args) => run_generate(args),
        LabourCommand::Pathway(PathwayCommand::List { json }) => pathway_list(*json),
        LabourCommand::Pathway(PathwayCommand::Show { id, json }) => pathway_show(id, *json),
    }
}

fn read(p: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
    Ok((p.display().to_string(), bytes))
}

/// The shares of the time limit by which the exact flow, then (when the
/// flow did not finish) the fallback bound's subgradient steps must stop,
/// leaving the rest to the improvement to optimality
/// (`corredor_labour::matching::solve`). Every instance in BENCHMARKS.md
/// finishes the flow well before its share.
const FLOW_SHARE: f64 = 0.75;
const BOUND_SHARE: f64 = 0.875;

fn run_match(args: &MatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let (p, w, v) = (
        read(&args.pathways)?,
        read(&args.workers)?,
        read(&args.vacancies)?,
    );
    let s = args.scores.as_deref().map(read).transpose()?;
    fn view(f: &(String, Vec<u8>)) -> (&str, &[u8]) {
        (f.0.as_str(), f.1.as_slice())
    }
    let market = corredor_labour::read(&Files {
        pathways: view(&p),
        workers: view(&w),
        vacancies: view(&v),
        scores: s.as_ref().map(view),
    })
    .map_err(|problems| {
        eprintln!("{problems}");
        let n = problems.0.len();
        anyhow::anyhow!(
            "{n} problem{}: nothing matched",
            if n == 1 { "" } else { "s" }
        )
    })?;
    let read_time = started.elapsed();
    let limit = args.time_limit.max(0.0);
    let deadline = started + Duration::from_secs_f64(limit);
    let flow = started + Duration::from_secs_f64(limit * FLOW_SHARE);
    let bound = started + Duration::from_secs_f64(limit * BOUND_SHARE);
    let stops = matching::Stops {
        flow: &|| Instant::now() >= flow,
        bound: &|| Instant::now() >= bound,
        search: &|| Instant::now() >= deadline,
    };
    let o = matching::solve(&market, &stops).context("nothing matched")?;
    let elapsed = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&o)?);
        return Ok(ExitCode::SUCCESS);
    }
    let places: u64 = market.vacancies.iter().map(|v| u64::from(v.places)).sum();
    println!(
        "{} workers, {} vacancies ({} places) under {} pathways; {} eligible pairs",
        thousands(market.workers.len() as u64),
        thousands(market.vacancies.len() as u64),
        thousands(places),
        thousands(market.pathways.len() as u64),
        thousands(o.pairs as u64)
    );
    println!(
        "matched {} workers, {} unmatched, {} vacancies with places left",
        thousands(o.matches.len() as u64),
        thousands(o.unmatched_workers.len() as u64),
        thousands(o.unfilled.len() as u64)
    );
    println!(
        "objective {:.2}   bound {:.2}   gap {:.4}%   ({:.1} s, of which {:.1} s reading{})",
        o.objective,
        o.bound,
        o.gap * 100.0,
        elapsed.as_secs_f64(),
        read_time.as_secs_f64(),
        if o.finished {
            ""
        } else {
            "; stopped at the time limit"
        }
    );
    println!("\nworker,vacancy,score,why");
    for m in &o.matches {
        println!("{},{},{:.2},\"{}\"", m.worker, m.vacancy, m.score, m.why);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_generate(args: &GenerateArgs) -> Result<ExitCode> {
    if args.workers == 0 || args.vacancies == 0 {
        bail!("give at least one worker and one vacancy");
    }
    let g = generate::generate(args.seed, args.workers, args.vacancies);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for (name, text) in [
        ("pathways.csv", &g.pathways),
        ("workers.csv", &g.workers),
        ("vacancies.csv", &g.vacancies),
    ] {
        let path = args.out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "SIMULATED instance (seed {}): {} workers, {} vacancies ({} places) → {}",
        args.seed,
        thousands(args.workers as u64),
        thousands(args.vacancies as u64),
        thousands(g.places),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn shipped() -> Result<Vec<Pathway>> {
    seed::pathways().map_err(|p| anyhow::anyhow!("the shipped pathways do not read: {p}"))
}

fn origins(p: &Pathway) -> String {
    match &p.origins {
        Origins::Any => "*".into(),
        Origins::Only(c) => c.join(";"),
    }
}

fn occupations(p: &Pathway) -> String {
    match &p.occupations {
        Occupations::Any => "*".into(),
        Occupations::Within(g) => g
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(";"),
    }
}

fn as_json(p: &Pathway) -> serde_json::Value {
    serde_json::json!({
        "id": p.id,
        "name": p.name,
        "origins": origins(p),
        "residences": p.residences.as_ref().map(|r| r.join(";")),
        "destination": p.destination,
        "occupations": occupations(p),
        "quota": p.quota,
        "start": p.start.map(|d| d.to_string()),
        "end": p.end.map(|d| d.to_string()),
        "languages": p.languages.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
        "min_experience": p.min_experience,
        "source": p.source,
    })
}

fn pathway_list(json: bool) -> Result<ExitCode> {
    let all = shipped()?;
    if json {
        let v: Vec<_> = all.iter().map(as_json).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<16} {:<6} {:>8}  name", "id", "to", "quota");
    for p in &all {
        println!(
            "{:<16} {:<6} {:>8}  {}",
            p.id,
            p.destination,
            p.quota.map(thousands).unwrap_or_else(|| "—".into()),
            p.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn pathway_show(id: &str, json: bool) -> Result<ExitCode> {
    let all = shipped()?;
    let Some(p) = all.iter().find(|p| p.id.eq_ignore_ascii_case(id)) else {
        bail!(
            "no pathway '{id}': the shipped ones are {}",
            all.iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&as_json(p))?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} — {}", p.id, p.name);
    println!("origins:     {}", origins(p));
    if let Some(r) = &p.residences {
        println!("residing in: {}", r.join(";"));
    }
    println!("destination: {}", p.destination);
    println!("occupations: {}", occupations(p));
    if let Occupations::Within(groups) = &p.occupations {
        for g in groups {
            println!("  {g:<5} {}", g.title(Lang::En).unwrap_or_default());
        }
    }
    println!(
        "quota:       {}",
        p.quota
            .map(|q| format!("{} a year", thousands(q)))
            .unwrap_or_else(|| "none".into())
    );
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    println!("from {} to {}", date(p.start), date(p.end));
    if !p.languages.is_empty() {
        let l: Vec<String> = p.languages.iter().map(|l| l.to_string()).collect();
        println!("languages:   {}", l.join(";"));
    }
    println!("experience:  {} years at least", p.min_experience);
    println!("source:      {}", p.source);
    Ok(ExitCode::SUCCESS)
}
