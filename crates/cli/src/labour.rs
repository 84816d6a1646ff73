//! `corredor labour`: workers to vacancies through legal pathways. The work
//! is in `corredor_labour` and `corredor_app::labour`; this reads the
//! files, writes generated instances, and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use corredor_app::labour::{self as service, ImportError, Imported};
use corredor_labour::records::{Occupations, Origins, Pathway};
use corredor_labour::{generate, seed, Files, Outcome};
use corredor_model::{Actor, Lang};
use corredor_store::Store;

use crate::output::thousands;

#[derive(Subcommand, Debug)]
pub enum LabourCommand {
    /// Workers to vacancy places through legal pathways, for the best total score, with a proven bound: the files given, or else the store's register (the run is kept)
    Match(MatchArgs),
    /// A seeded, SIMULATED instance: pathways.csv, workers.csv, vacancies.csv
    Generate(GenerateArgs),
    /// The legal pathways, shipped and added, each with its source
    #[command(subcommand)]
    Pathway(PathwayCommand),
    /// Registers workers or records vacancies in the store, all or nothing
    #[command(subcommand)]
    Import(ImportCommand),
    /// Workers' records (personal data: every read is audited)
    #[command(subcommand)]
    Worker(WorkerCommand),
    /// Each destination's occupational mix of foreign-born and native-born workers (ILOSTAT), shown beside the vacancies
    #[command(subcommand)]
    Mix(MixCommand),
    /// What anyone may know of the register and the latest run: aggregates, counts under 5 withheld
    Summary {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// id,nationality,residence,isco,experience_years,languages,skills,consent
    Workers {
        /// The CSV file
        file: PathBuf,
    },
    /// id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end (the employer an organisation's code)
    Vacancies {
        /// The CSV file
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum MixCommand {
    /// Replaces the mix with that of employment_by_occupation_birth.csv (the file, or the ilostat-migrant-labour folder)
    Import {
        /// The file or its folder
        path: PathBuf,
    },
    /// Every country's mix: the share of each ISCO-08 major group, foreign-born and native-born
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkerCommand {
    /// Every worker's record: the local operator, who holds the store, reads them all whatever --as-org says (through the API, each organisation reads only those it may)
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// One worker's record
    Show {
        /// The worker's pseudonymous id (its country of residence's own)
        id: String,
        /// The worker's country of residence, when the id is another country's too
        #[arg(long)]
        residence: Option<String>,
    },
    /// Deletes a worker's record on request, and every match outcome that names them
    Delete {
        /// The worker's pseudonymous id (its country of residence's own)
        id: String,
        /// The worker's country of residence, when the id is another country's too
        #[arg(long)]
        residence: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source (with --workers and --vacancies; without the three, the store's register is matched)
    #[arg(long, requires_all = ["workers", "vacancies"])]
    pathways: Option<PathBuf>,
    /// id,nationality,residence,isco,experience_years,languages,skills,consent
    #[arg(long, requires_all = ["pathways", "vacancies"])]
    workers: Option<PathBuf>,
    /// id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
    #[arg(long, requires_all = ["pathways", "workers"])]
    vacancies: Option<PathBuf>,
    /// worker,vacancy,score: only these pairs (if eligible), with these scores
    #[arg(long, requires = "pathways")]
    scores: Option<PathBuf>,
    /// Stop searching after this many seconds, with the best matching and its bound
    #[arg(long, default_value_t = 60.0, value_parser = crate::output::parse_seconds)]
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
    /// Every pathway, shipped and added
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
    /// Adds the pathways of a CSV file (the layout of `labour match --pathways`), each with its source
    Add {
        /// The CSV file
        file: PathBuf,
    },
}

pub fn run(db: &str, org: &str, cmd: &LabourCommand) -> Result<ExitCode> {
    let open = || -> Result<(Box<dyn Store>, Actor)> {
        Ok((crate::open_store(db)?, corredor_app::auth::operator(org)))
    };
    match cmd {
        LabourCommand::Match(args) if args.pathways.is_some() => run_match(args),
        LabourCommand::Match(args) => {
            let (mut store, actor) = open()?;
            match_stored(store.as_mut(), &actor, args)
        }
        LabourCommand::Generate(args) => run_generate(args),
        LabourCommand::Pathway(PathwayCommand::List { json }) => pathway_list(db, *json),
        LabourCommand::Pathway(PathwayCommand::Show { id, json }) => pathway_show(db, id, *json),
        LabourCommand::Pathway(PathwayCommand::Add { file }) => {
            let (name, bytes) = read(file)?;
            let done = writing(db, org, |store, actor| {
                imported(
                    service::import_pathways(store, actor, &name, &bytes),
                    "added",
                )
            })?;
            println!(
                "{name}: {} new pathway{}, {} unchanged",
                done.new,
                if done.new == 1 { "" } else { "s" },
                done.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        LabourCommand::Import(which) => {
            let (file, what) = match which {
                ImportCommand::Workers { file } => (file, "workers"),
                ImportCommand::Vacancies { file } => (file, "vacancies"),
            };
            let (name, bytes) = read(file)?;
            let done = writing(db, org, |store, actor| {
                let done = match which {
                    ImportCommand::Workers { .. } => {
                        service::import_workers(store, actor, &name, &bytes)
                    }
                    ImportCommand::Vacancies { .. } => {
                        service::import_vacancies(store, actor, &name, &bytes)
                    }
                };
                imported(done, "recorded")
            })?;
            println!("{name}: {} {what} recorded", thousands(done.new as u64));
            Ok(ExitCode::SUCCESS)
        }
        LabourCommand::Worker(w) => {
            let (mut store, actor) = open()?;
            run_worker(store.as_mut(), &actor, w)
        }
        LabourCommand::Mix(MixCommand::Import { path }) => {
            let file = if path.is_dir() {
                path.join(corredor_labour::mix::FILE)
            } else {
                path.clone()
            };
            let (name, bytes) = read(&file)?;
            let n = writing(db, org, |store, actor| {
                match service::import_mix(store, actor, &name, &bytes) {
                    Ok(n) => Ok(n),
                    Err(e) => imported(Err(e), "imported").map(|_| 0),
                }
            })?;
            println!("{name}: the occupational mix of {n} countries");
            Ok(ExitCode::SUCCESS)
        }
        LabourCommand::Mix(MixCommand::List { json }) => {
            let (mut store, _) = open()?;
            let all = service::occupation_mix(store.as_mut())?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&all)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("country year  group  foreign-born %  native-born %");
            for m in &all {
                for s in &m.shares {
                    println!(
                        "{:<7} {:<5} {:<6} {:>14.1} {:>14.1}",
                        m.country, m.year, s.group, s.foreign_born, s.native_born
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        LabourCommand::Summary { json } => {
            let (mut store, _) = open()?;
            let s = service::summary(store.as_mut())?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                print_summary(&s);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs a write as `org` on the store `db` names, which may be created
/// for it: a refused write takes a store it created away again, so that no
/// empty store is left for later reads to take for a real one (as
/// `corredor import` does). Labour's writes are all-or-nothing: refused,
/// they wrote nothing.
fn writing<T>(
    db: &str,
    org: &str,
    write: impl FnOnce(&mut dyn Store, &Actor) -> Result<T>,
) -> Result<T> {
    let created = crate::store_check::claim_new(db);
    let result = crate::open_store(db)
        .and_then(|mut store| write(store.as_mut(), &corredor_app::auth::operator(org)));
    if result.is_err() {
        if let Some(file) = created {
            crate::store_check::remove_new(&file);
        }
    }
    result
}

/// An import's outcome, or its problems printed one a line.
fn imported(outcome: std::result::Result<Imported, ImportError>, what: &str) -> Result<Imported> {
    match outcome {
        Ok(done) => Ok(done),
        Err(ImportError::Problems(p)) => {
            for x in &p {
                eprintln!("{x}");
            }
            bail!(
                "{} problem{}: nothing {what}",
                p.len(),
                if p.len() == 1 { "" } else { "s" }
            )
        }
        Err(ImportError::Refused(e)) => Err(e.into()),
    }
}

fn run_worker(store: &mut dyn Store, actor: &Actor, cmd: &WorkerCommand) -> Result<ExitCode> {
    match cmd {
        WorkerCommand::List { json } => {
            let all = service::workers(store, actor)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                println!("id,nationality,residence,isco,experience_years,languages,skills,consent");
                for w in &all {
                    println!(
                        "{},{},{},{},{},{},{},{}",
                        w.id,
                        w.nationality,
                        w.residence,
                        w.isco.join(";"),
                        w.experience_years,
                        w.languages.join(";"),
                        w.skills.join(";"),
                        if w.consent { "yes" } else { "no" }
                    );
                }
            }
        }
        WorkerCommand::Show { id, residence } => {
            let w = service::worker(store, actor, id, residence.as_deref())?;
            println!("{}", serde_json::to_string_pretty(&w)?);
        }
        WorkerCommand::Delete { id, residence } => {
            service::delete_worker(store, actor, id, residence.as_deref())?;
            println!("worker {id} deleted, with every match outcome that named them");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A published count, or `*` where withheld.
fn cell(n: Option<u64>) -> String {
    n.map(thousands).unwrap_or_else(|| "*".into())
}

fn print_summary(s: &corredor_labour::public::Summary) {
    let run = |n: Option<u64>| if s.ran { cell(n) } else { "—".into() };
    println!("{} workers registered", cell(s.workers));
    for n in &s.by_nationality {
        println!("  {:<4} {:>8}", n.nationality, cell(n.workers));
    }
    println!(
        "\nplaces by destination and ISCO-08 major group: offered, filled, left empty{}",
        if s.ran { "" } else { " (no match run yet)" }
    );
    for p in &s.places {
        println!(
            "  {:<4} {:<2} {:>8} {:>8} {:>8}",
            p.destination,
            p.occupation,
            thousands(p.places),
            run(p.matched),
            run(p.unfilled)
        );
    }
    println!("\npathways with a quota or a vacancy: places a year, filled, left");
    for q in &s.pathways {
        println!(
            "  {:<16} {:<4} {:>8} {:>8} {:>8}",
            q.pathway,
            q.destination,
            q.quota.map(thousands).unwrap_or_else(|| "none".into()),
            run(q.matched),
            if q.quota.is_some() {
                run(q.left)
            } else {
                "—".into()
            }
        );
    }
    if !s.unmatched.is_empty() {
        println!("\nunmatched workers by reason");
        for r in &s.unmatched {
            println!("  {:<14} {:>8}", r.reason, cell(r.workers));
        }
    }
    println!("\n* withheld: a count of 1 to 4 people, or one that would give such a count back");
}

fn match_stored(store: &mut dyn Store, actor: &Actor, args: &MatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let ran = service::match_stored(store, actor, args.time_limit)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&ran)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("run {} of the register, kept in the store", ran.run);
    print_outcome(
        &ran.outcome,
        [ran.workers, ran.vacancies, ran.places as usize],
        started,
        None,
    );
    Ok(ExitCode::SUCCESS)
}

fn read(p: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
    Ok((p.display().to_string(), bytes))
}

fn run_match(args: &MatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let given = |p: &Option<PathBuf>| {
        p.as_deref()
            .map(read)
            .unwrap_or_else(|| bail!("give --pathways, --workers and --vacancies together"))
    };
    let (p, w, v) = (
        given(&args.pathways)?,
        given(&args.workers)?,
        given(&args.vacancies)?,
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
    let o = service::solve_within(&market, started, args.time_limit).context("nothing matched")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&o)?);
        return Ok(ExitCode::SUCCESS);
    }
    let places: u64 = market.vacancies.iter().map(|v| u64::from(v.places)).sum();
    print_outcome(
        &o,
        [
            market.workers.len(),
            market.vacancies.len(),
            places as usize,
        ],
        started,
        Some((market.pathways.len(), read_time.as_secs_f64())),
    );
    Ok(ExitCode::SUCCESS)
}

/// The outcome's figures and its matches, one a line.
fn print_outcome(
    o: &Outcome,
    [workers, vacancies, places]: [usize; 3],
    started: Instant,
    files: Option<(usize, f64)>,
) {
    let elapsed = started.elapsed();
    println!(
        "{} workers, {} vacancies ({} places){}; {} eligible pairs",
        thousands(workers as u64),
        thousands(vacancies as u64),
        thousands(places as u64),
        files
            .map(|(n, _)| format!(" under {} pathways", thousands(n as u64)))
            .unwrap_or_default(),
        thousands(o.pairs as u64)
    );
    println!(
        "matched {} workers, {} unmatched, {} vacancies with places left",
        thousands(o.matches.len() as u64),
        thousands(o.unmatched_workers.len() as u64),
        thousands(o.unfilled.len() as u64)
    );
    println!(
        "objective {:.2}   bound {:.2}   gap {:.4}%   ({:.1} s{}{})",
        o.objective,
        o.bound,
        o.gap * 100.0,
        elapsed.as_secs_f64(),
        files
            .map(|(_, r)| format!(", of which {r:.1} s reading"))
            .unwrap_or_default(),
        if o.finished {
            ""
        } else {
            "; stopped at the time limit"
        }
    );
    println!();
    // Ids and reasons are text: quoted where they hold a comma or a quote.
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    let rows = std::iter::once(["worker", "vacancy", "score", "why"].map(String::from)).chain(
        o.matches.iter().map(|m| {
            [
                m.worker.clone(),
                m.vacancy.clone(),
                format!("{:.2}", m.score),
                m.why.clone(),
            ]
        }),
    );
    for row in rows {
        if out.write_record(&row).is_err() {
            break;
        }
    }
    let _ = out.flush();
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

/// Every pathway: shipped and added when the store exists, else the
/// shipped ones (a listing never creates a store).
fn all_pathways(db: &str) -> Result<Vec<Pathway>> {
    if crate::store_check::existing(db).is_ok() {
        return Ok(service::pathways(crate::open_store(db)?.as_mut())?);
    }
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

fn pathway_list(db: &str, json: bool) -> Result<ExitCode> {
    let all = all_pathways(db)?;
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

fn pathway_show(db: &str, id: &str, json: bool) -> Result<ExitCode> {
    let all = all_pathways(db)?;
    let Some(p) = all.iter().find(|p| p.id.eq_ignore_ascii_case(id)) else {
        bail!(
            "no pathway '{id}': there are {}",
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
