//! `corredor share inputs`: a key's inputs built from the publishers'
//! files. This reads the files and writes the CSV; choosing each figure,
//! naming the gaps and flagging old figures is `corredor_sharing::assemble`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Args, ValueEnum};
use corredor_sharing::assemble::{self, AssembleError, Publishers, MAX_AGE_YEARS};
use corredor_sharing::{sources, GapRule};

/// What a missing figure means.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GapChoice {
    /// Nothing is computed while a figure is missing; every gap is named
    Refuse,
    /// The country is left out of that criterion alone, and its other
    /// criteria's weights are scaled up to add to 1
    Renormalise,
}

impl From<GapChoice> for GapRule {
    fn from(c: GapChoice) -> GapRule {
        match c {
            GapChoice::Refuse => GapRule::Refuse,
            GapChoice::Renormalise => GapRule::Renormalise,
        }
    }
}

/// The keys whose inputs publishers' files give.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum InputsPreset {
    /// Population and GDP (World Bank), unemployment (ILOSTAT), immigrants per 1,000 (UN DESA)
    Americas,
}

#[derive(Args, Debug)]
pub struct InputsArgs {
    /// The key whose inputs to build
    #[arg(long, value_enum)]
    preset: InputsPreset,
    /// Folder of the publishers' files (default: ../shared/data, or CORREDOR_DATA)
    #[arg(long, env = "CORREDOR_DATA")]
    data: Option<PathBuf>,
    /// The reference year: each figure is the latest dated at or before it
    /// (default: the latest year of the population figures)
    #[arg(long)]
    year: Option<i32>,
    /// Countries, alpha-3, comma-separated (default: the declaration's
    /// members in the follow-up's registry on 31 December 2023)
    #[arg(long, value_delimiter = ',')]
    countries: Vec<String>,
    /// What a missing figure means
    #[arg(long, value_enum, default_value = "refuse")]
    gaps: GapChoice,
    /// Flag figures older than this many years before the reference year
    #[arg(long, default_value_t = MAX_AGE_YEARS)]
    max_age: i32,
    /// Write the CSV here (default: standard output, and the notes on
    /// standard error)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Add each country's reported capacity of these kinds (reception_places,
    /// shelter_beds, staff, budget_usd; comma-separated) from the store
    /// (--db): the latest report at or before 31 December of the year, a
    /// column capacity_KIND a key's --criteria can weigh
    #[arg(long, value_delimiter = ',')]
    capacity: Vec<corredor_model::CapacityKind>,
}

/// The publishers' four files under `data`, parsed; every problem in them
/// printed, and none of them used while any remains.
pub(crate) fn read_publishers(data: &std::path::Path) -> Result<Publishers> {
    let mut problems: Vec<corredor_ingest::Problems> = Vec::new();
    let mut parse =
        |source: &assemble::Source,
         read: fn(&str, &[u8]) -> Result<sources::Figures, corredor_ingest::Problems>|
         -> Result<sources::Figures> {
            let path = data.join(source.path);
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok(
                read(&path.display().to_string(), &bytes).unwrap_or_else(|p| {
                    problems.push(p);
                    sources::Figures::default()
                }),
            )
        };
    let publishers = Publishers {
        population: parse(&assemble::POPULATION, sources::wdi)?,
        gdp: parse(&assemble::GDP, sources::wdi)?,
        unemployment: parse(&assemble::UNEMPLOYMENT, sources::ilostat_unemployment)?,
        immigrants: parse(&assemble::IMMIGRANTS, sources::undesa_immigrants)?,
    };
    if !problems.is_empty() {
        for message in problems.iter().flat_map(|p| p.messages()) {
            eprintln!("{message}");
        }
        bail!(
            "{} problems in the publishers' files: no inputs written",
            problems.iter().map(|p| p.total()).sum::<u64>()
        );
    }
    Ok(publishers)
}

/// The declaration's members, from the registry the follow-up ships.
pub(crate) fn endorsing_countries() -> Vec<String> {
    let end_of_2023 = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).expect("a date");
    corredor_followup::seed::registry_2023()
        .members_on("DLA", end_of_2023)
        .into_iter()
        .map(String::from)
        .collect()
}

pub fn run(args: &InputsArgs, db: &str) -> Result<ExitCode> {
    let InputsPreset::Americas = args.preset;
    let data = crate::datasets::data_dir(args.data.as_deref()).with_context(|| {
        format!(
            "the publishers' files are not in {}: give --data DIR",
            args.data
                .as_deref()
                .unwrap_or(std::path::Path::new(crate::datasets::DEFAULT_DATA))
                .display()
        )
    })?;
    let publishers = read_publishers(&data)?;
    let (countries, whose) = if args.countries.is_empty() {
        (
            endorsing_countries(),
            "the declaration's members on 31 December 2023",
        )
    } else {
        (
            corredor_model::country::codes(&args.countries, "country")
                .map_err(anyhow::Error::msg)?,
            "given",
        )
    };
    let year = match args.year {
        Some(y) => y,
        None => publishers
            .population
            .latest_year()
            .context("the population file has no figures")?,
    };
    let rule = GapRule::from(args.gaps);
    let refused = |e: AssembleError| -> anyhow::Error {
        if let AssembleError::Gaps(gaps) = &e {
            for g in gaps {
                eprintln!("{} {}: {}", g.country, g.criterion, g.reason);
            }
        }
        anyhow::anyhow!("{e}")
    };
    let mut assembled = assemble::assemble(&publishers, &countries, year, rule).map_err(refused)?;
    for &kind in &args.capacity {
        let on = corredor_app::capacity::end_of(year)
            .with_context(|| format!("{year} is not a year of the calendar"))?;
        // A key is published with its inputs, for anyone to read: it is
        // built from the reports anyone may see, never from one a country
        // shared with members only or restricted to some others.
        let public = corredor_store::Access::Viewer(corredor_model::share::Viewer::Public);
        let reports = crate::capacity::reports_as(db, &public, kind, on)?;
        let by_country = corredor_app::capacity::by_country(&reports);
        let inputs = corredor_app::capacity::key_inputs(kind, &by_country, &countries, year);
        assembled.add(kind.indicator(), inputs).map_err(refused)?;
    }
    let csv = assembled.to_csv();
    let mut notes = vec![format!(
        "inputs of the americas key for {year}: {} countries ({whose}), each figure the latest at or before {year}, with its year and source",
        countries.len()
    )];
    if !args.capacity.is_empty() {
        notes.push(format!(
            "reported capacity from {}: {} (a country's total, else the sum of its sites; weigh it with share key --criteria)",
            corredor_store::redacted(db),
            args.capacity
                .iter()
                .map(|k| k.indicator())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let gaps = assembled.gaps();
    if !gaps.is_empty() {
        notes.push(format!(
            "{} gap{}, rule {rule}: each country left out of the criterion it lacks, its other criteria's weights scaled up to add to 1",
            gaps.len(),
            if gaps.len() == 1 { "" } else { "s" }
        ));
        notes.extend(
            gaps.iter()
                .map(|g| format!("  {} {}: {}", g.country, g.criterion, g.reason)),
        );
    }
    let stale = assembled.stale(args.max_age);
    if !stale.is_empty() {
        notes.push(format!(
            "{} figure{} older than {} years before {year} (flagged; a newer one should be sought):",
            stale.len(),
            if stale.len() == 1 { "" } else { "s" },
            args.max_age
        ));
        notes.extend(stale.iter().map(|s| {
            format!(
                "  {} {} {} ({} years)",
                s.country, s.criterion, s.year, s.age
            )
        }));
    }
    match &args.out {
        Some(path) => {
            std::fs::write(path, &csv)
                .with_context(|| format!("cannot write {}", path.display()))?;
            notes[0].push_str(&format!(" → {}", path.display()));
            for n in &notes {
                println!("{n}");
            }
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().write_all(&csv)?;
            for n in &notes {
                eprintln!("{n}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
