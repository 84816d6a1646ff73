//! `corredor demo`: a newcomer's first command. It builds a store from the
//! real public datasets in `../shared/data/` (or, without them, from a
//! simulated corridor scenario that says so on every page), runs the early
//! warning, activates the default response protocol, and serves the
//! dashboard with a demo token.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use corredor_ingest::{Format, Options};
use corredor_model::Sharing;
use corredor_store::{Access, Filter};

use corredor_app::auth::{self, Actor, Role};
use corredor_app::observations::{self, Scan};
use corredor_app::pipeline::{Input, Progress, Refusal, Request, Summary};
use corredor_app::{engine, protocol};
use corredor_warning::corridor::{self, RouteFile};

use crate::admin;
use crate::datasets::data_dir;
use crate::import::{describe, Bars};
use crate::output::{self, thousands};

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Folder of the real datasets [default: ../shared/data, from the current folder]
    #[arg(long, env = "CORREDOR_DATA")]
    data: Option<PathBuf>,
    /// Address to serve the dashboard on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Run the early warning as of this month (default: each place's latest)
    #[arg(long)]
    as_of: Option<corredor_model::Period>,
    /// Use the simulated corridor scenario even when the real data is there
    #[arg(long)]
    simulated: bool,
    /// Build the store and stop, without serving
    #[arg(long)]
    no_serve: bool,
}

/// The real datasets and how to read them: (path under the data folder,
/// format, source recorded with every value).
pub const DATASETS: [(&str, Format, &str); 3] = [
    (
        "ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx",
        Format::Ohss,
        "DHS Office of Homeland Security Statistics, KHSM CBP Encounters (USBP), FY2025 M11 release",
    ),
    (
        "cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv",
        Format::Cbp,
        "US CBP, Southwest Land Border Encounters FY22-FY25 (FYTD), August 2025",
    ),
    (
        "iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv",
        Format::Iom,
        "IOM Regional Office for the Americas, amerdigest irregular entries (Lighthouse compilation), May 2025",
    ),
];

/// The demo's store when neither --db nor CORREDOR_DB names one.
pub const DEFAULT_STORE: &str = "corredor-demo.db";

/// `db` is the store given by --db or CORREDOR_DB, if any.
pub fn run(db: Option<&str>, args: &DemoArgs) -> Result<ExitCode> {
    let url = db.unwrap_or(DEFAULT_STORE).to_string();
    if url.contains("://") {
        bail!(
            "the demo builds a SQLite file from scratch: give --db a file path, not {}",
            corredor_store::redacted(&url)
        );
    }
    let data = if args.simulated {
        None
    } else {
        match &args.data {
            Some(dir) if !dir.is_dir() => bail!(
                "no folder {} for the real data: give --data (or CORREDOR_DATA) the folder of the datasets, or --simulated",
                dir.display()
            ),
            given => data_dir(given.as_deref()),
        }
    };
    refuse_to_replace_other_stores(&url)?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{url}{suffix}"));
    }
    let mut store = crate::open_store(&url)?;
    let simulated = data.is_none();
    match &data {
        Some(data) => import_real(store.as_mut(), data)?,
        None => import_simulated(store.as_mut(), Path::new(&url))?,
    }
    let series = store.series(&Filter::default(), &Access::Operator)?;
    println!(
        "\nWhat arrived ({} series):",
        thousands(series.len() as u64)
    );
    println!(
        "{:<8} {:<9} {:<18} {:>7} {:>9} {:>9} {:>14}",
        "reporter", "loc", "indicator", "series", "first", "last", "observations"
    );
    // (reporter, location, indicator) → (series, first, last, observations)
    type Group = ((String, String, String), (u64, String, String, u64));
    let mut groups: Vec<Group> = Vec::new();
    for s in &series {
        let key = (
            s.key.reporter.clone(),
            s.key.location.to_string(),
            s.key.indicator.clone(),
        );
        match groups.last_mut() {
            Some((k, g)) if *k == key => {
                g.0 += 1;
                g.1 = g.1.clone().min(s.first.to_string());
                g.2 = g.2.clone().max(s.last.to_string());
                g.3 += s.count;
            }
            _ => groups.push((key, (1, s.first.to_string(), s.last.to_string(), s.count))),
        }
    }
    for ((r, l, i), (n, first, last, count)) in &groups {
        println!(
            "{r:<8} {l:<9} {i:<18} {n:>7} {first:>9} {last:>9} {:>14}",
            thousands(*count)
        );
    }
    // The organisations of the corridor, the protocol, the early warning.
    let operator = corredor_app::auth::operator("demo");
    auth::add_org(
        store.as_mut(),
        &operator,
        "SEC",
        "Technical secretariat (demo)",
    )?;
    for code in ["COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"] {
        let name = corredor_model::country::by_code(code).map_or(code, |c| c.name_en);
        auth::add_org(
            store.as_mut(),
            &operator,
            code,
            &format!("{name}: migration agency (demo)"),
        )?;
    }
    protocol::load(store.as_mut(), &operator, protocol::DEFAULT)?;
    // The 2023 registry of the mechanisms: the scorecard's working groups.
    corredor_app::followup::seed(store.as_mut(), &operator)?;
    if let Some(data) = &data {
        publish_americas_key(store.as_mut(), &operator, data)?;
    }
    // The integration figures are real wherever the datasets are, even
    // when the corridor's figures are simulated.
    let tables = data_dir(args.data.as_deref())
        .filter(|d| d.join(crate::followup::INTEGRATION_DIR).is_dir());
    match tables {
        Some(dir) => {
            let done = crate::followup::import_integration(store.as_mut(), &operator, &dir)?;
            println!(
                "\nIntegration figures (ILOSTAT, UN DESA): {} for {} countries and territories of the Americas.",
                thousands(done.new as u64),
                done.countries
            );
            let file = dir
                .join(crate::followup::INTEGRATION_DIR)
                .join(corredor_labour::mix::FILE);
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let name = format!(
                "{}/{}",
                crate::followup::INTEGRATION_DIR,
                corredor_labour::mix::FILE
            );
            match corredor_app::labour::import_mix(store.as_mut(), &operator, &name, &bytes) {
                Ok(n) => println!(
                    "Occupational mix (ILOSTAT): {n} countries, shown beside the vacancies on /labour."
                ),
                Err(corredor_app::labour::ImportError::Problems(p)) => {
                    bail!("{name} does not read: {}", p[0])
                }
                Err(corredor_app::labour::ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        None => println!(
            "\nIntegration figures: {} not found, the scorecard shows none.",
            crate::followup::INTEGRATION_DIR
        ),
    }
    let added = crate::demo_followup::scenario(store.as_mut(), &operator)?;
    println!(
        "\nFollow-up (SIMULATED): {added} commitments with indicators and figures, a monitoring report, a working group's charter, a reviewed national measure and the example pledges."
    );
    let secretariat_desk = Actor {
        org: "SEC".into(),
        country: None,
        role: Role::Secretariat,
        token_id: None,
        remote: "cli:demo".into(),
    };
    let labour = crate::demo_labour::scenario(store.as_mut(), &operator, &secretariat_desk)?;
    println!(
        "\nLabour mobility (SIMULATED): {} workers and {} vacancies ({} places) registered; the match placed {} workers (proven gap {:.2}%).",
        labour.workers,
        labour.vacancies,
        labour.places,
        labour.matched,
        labour.gap * 100.0
    );
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES)?;
    let loaded = engine::load(store.as_mut(), &Filter::default(), args.as_of)?;
    let computed = match args.as_of {
        Some(p) => engine::detect(&loaded, p, &routes),
        None => engine::detect_latest(&loaded, None, &routes),
    };
    // The demo's store is its own: nothing else imports meanwhile.
    let changes = corredor_app::workflow::persist(store.as_mut(), &operator, &computed, None)?
        .unwrap_or_default();
    let tasks = protocol::task_count(store.as_mut())?;
    println!(
        "\nEarly warning{}: {} alerts opened; the default protocol made {} tasks.",
        args.as_of
            .map(|p| format!(" as of {p}"))
            .unwrap_or_default(),
        changes.opened.len(),
        tasks
    );
    let (secretariat, _) =
        auth::create_token(store.as_mut(), &operator, "SEC", Role::Secretariat, "demo")?;
    let analyst_org = if simulated { "PAN" } else { "HND" };
    let (analyst, _) = auth::create_token(
        store.as_mut(),
        &operator,
        analyst_org,
        Role::Analyst,
        "demo",
    )?;
    let employer = crate::demo_labour::EMPLOYERS[0].0;
    let (employer_token, _) =
        auth::create_token(store.as_mut(), &operator, employer, Role::Employer, "demo")?;
    corredor_store::transaction(store.as_mut(), |s| {
        corredor_app::audit::record(s, &operator, BUILT, &url, "")
    })?;
    println!("Demo tokens (sign in on the dashboard, or send as Authorization: Bearer …):");
    println!("  secretariat: {secretariat}");
    println!("  analyst for {analyst_org}: {analyst}");
    println!("  employer {employer}: {employer_token}");
    if args.no_serve {
        println!("\nNext: corredor --db {url} serve, then open the address it prints");
        return Ok(ExitCode::SUCCESS);
    }
    drop(store);
    let serve = admin::ServeArgs {
        addr: args.addr,
        base_url: None,
        routes: None,
        tick: 2,
        scan_every: 0,
        log_json: false,
        webhook_allow: Vec::new(),
        header_timeout: corredor_server::listen::HEADER_SECONDS,
        write_timeout: corredor_server::listen::WRITE_SECONDS,
    };
    let mut config = admin::config(&url, &serve)?;
    config.simulated = simulated;
    admin::init_logs(false);
    println!("Open the dashboard at the address below (Ctrl-C to stop).");
    admin::serve(config)?;
    Ok(ExitCode::SUCCESS)
}

/// Persons the demo's Americas key shares: a round figure, so that the
/// dashboard shows persons beside the shares.
const DEMO_KEY_TOTAL: u64 = 10_000;

/// Publishes the Americas key on the publishers' figures in `data`, as
/// `share inputs --preset americas --gaps renormalise` builds its inputs
/// (the declaration's members, the latest year of the population figures),
/// so that the dashboard's sharing page has the key with its inputs' years.
fn publish_americas_key(
    store: &mut dyn corredor_store::Store,
    operator: &Actor,
    data: &Path,
) -> Result<()> {
    use corredor_sharing::{assemble, GapRule};
    if !assemble::SOURCES.iter().all(|s| data.join(s.path).exists()) {
        println!(
            "\nThe Americas key: the publishers' files are not all in {}, skipped",
            data.display()
        );
        return Ok(());
    }
    let publishers = crate::key_inputs::read_publishers(data)?;
    let Some(year) = publishers.population.latest_year() else {
        bail!("the population file has no figures");
    };
    let countries = crate::key_inputs::endorsing_countries();
    let assembled = assemble::assemble(&publishers, &countries, year, GapRule::Renormalise)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let inputs = assembled.to_csv();
    let req = corredor_app::keys::KeyRequest {
        preset: Some("americas".into()),
        total: Some(DEMO_KEY_TOTAL),
        gaps: GapRule::Renormalise,
        ..Default::default()
    };
    let outcome = corredor_app::keys::key(&req, "americas-inputs.csv", &inputs)
        .map_err(|p| anyhow::anyhow!("the Americas key: {}", p.join("; ")))?;
    let name = format!("americas-{year}");
    corredor_app::keys::publish(
        store,
        operator,
        &name,
        &format!(
            "Americas key {year}, {} persons (demo)",
            thousands(DEMO_KEY_TOTAL)
        ),
        &req,
        &inputs,
        &outcome,
    )?;
    println!(
        "\nThe Americas key for {year} on the publishers' figures: {} countries, {} gaps renormalised; published as {name} (the dashboard's /sharing)",
        countries.len(),
        assembled.gaps().len()
    );
    Ok(())
}

/// The audit entry that closes the demo's build: what comes after it is
/// someone else's.
const BUILT: &str = "demo.built";

/// The demo rebuilds its store from scratch; a store holding anything
/// imported by someone else than the demo, or changed in any way since
/// the demo built it (signing in and reading aside), is somebody's work,
/// and stays.
fn refuse_to_replace_other_stores(url: &str) -> Result<()> {
    if !Path::new(url).exists() {
        return Ok(());
    }
    let mut store = crate::open_store(url)?;
    let advice = format!(
        "the demo rebuilds its store from scratch, so give --db a new path or remove {url} yourself"
    );
    if let Some(other) = store.batches()?.iter().find(|b| b.org != "demo") {
        bail!(
            "{url} holds imports that are not the demo's ({} by {}): {advice}",
            other.file,
            other.org
        );
    }
    if let Some(e) = corredor_app::audit::change_after_last(store.as_mut(), BUILT)? {
        bail!(
            "{url} was changed after the demo built it ({} on {} by {}, {}): {advice}",
            e.action,
            e.target,
            e.org,
            e.at
        );
    }
    Ok(())
}

fn import_real(store: &mut dyn corredor_store::Store, data: &Path) -> Result<()> {
    println!(
        "Building the demo store from the real data in {}",
        data.display()
    );
    for (path, format, source) in DATASETS {
        let file = data.join(path);
        if !file.exists() {
            println!("  {path}: not present, skipped");
            continue;
        }
        let req = Request {
            org: "demo",
            format: Some(format),
            source: Some(source),
            sharing: Sharing::public(),
            options: Options::default(),
            reporter: None,
            progress: output::interactive().then_some(&Bars as &dyn Progress),
        };
        match submit(store, vec![Input::Path(file)], &req)? {
            Ok(summary) => println!("  {path}: {}", describe(&summary)),
            Err(refusal) => {
                for p in &refusal.problems {
                    eprintln!("{p}");
                }
                bail!("{path} could not be imported");
            }
        }
    }
    Ok(())
}

/// Imports and audits one file of the demo as its operator; the early
/// warning runs once over everything at the end.
fn submit(
    store: &mut dyn corredor_store::Store,
    inputs: Vec<Input>,
    req: &Request,
) -> Result<std::result::Result<Summary, Refusal>> {
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES)?;
    let done = observations::submit(
        store,
        &corredor_app::auth::operator(req.org),
        &routes,
        inputs,
        req,
        Scan::Skip,
    )?;
    Ok(done.map(|d| d.summary))
}

/// Who may see each place's simulated figures: Panama's are restricted
/// (shared with Costa Rica), Honduras's for members, the rest public, so
/// that the demo shows what each reader sees.
pub fn simulated_sharing(reporter: &str) -> (&'static str, &'static str) {
    match reporter {
        "PAN" => ("restricted", "CRI"),
        "HND" => ("members", ""),
        _ => ("public", ""),
    }
}

fn import_simulated(store: &mut dyn corredor_store::Store, db: &Path) -> Result<()> {
    let scenario =
        corredor_warning::synthetic::corridor("2021-01".parse().expect("a period"), 48, 2022);
    println!("The real datasets were not found (or --simulated was given):");
    println!("building the demo store from the {}.", scenario.label);
    let mut csv = String::from(
        "reporter,location,nationality,indicator,period,value,source,share,share_with\n",
    );
    for s in &scenario.series {
        let k = &s.key;
        let (share, with) = simulated_sharing(&k.reporter);
        for (i, v) in s.values.iter().enumerate() {
            csv.push_str(&format!(
                "{},{},{},{},{},{},SIMULATED scenario (not real data),{share},{with}\n",
                k.reporter,
                k.location,
                k.nationality,
                k.indicator,
                s.period(i),
                *v as u64
            ));
        }
    }
    let req = Request {
        org: "demo",
        format: Some(Format::Long),
        source: None,
        sharing: Sharing::public(),
        options: Options::default(),
        reporter: None,
        progress: None,
    };
    let name = format!("{}-simulated.csv", db.display());
    match submit(
        store,
        vec![Input::Bytes {
            name,
            data: csv.into_bytes(),
        }],
        &req,
    )? {
        Ok(summary) => println!("  {}", describe(&summary)),
        Err(refusal) => bail!(
            "the simulated scenario was refused: {:?}",
            refusal.problems.first()
        ),
    }
    Ok(())
}
