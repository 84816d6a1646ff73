//! `corredor pledge` and `rates`: pledges in exact decimals, their report in
//! one currency, IATI, and the exchange rates.

use super::common::*;
use super::forum_commands::*;

#[derive(Subcommand, Debug)]
pub enum PledgeCommand {
    /// Import pledge reports (id,donor,recipient,purpose,amount,currency,status,date,source; or with unit for currency and requirement,sector,estimate,estimate_currency after), all or nothing
    Import {
        /// The CSV files, all in one transaction
        files: Vec<PathBuf>,
    },
    /// Pledged, committed and disbursed, in one currency at each step's date's rate
    Report {
        /// The currency to report in (ISO 4217)
        #[arg(long, default_value = "USD")]
        currency: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Every pledge as IATI 2.03 activity XML, or as the CSV `pledge import` reads
    Export {
        /// iati (IATI 2.03 XML) or csv (what `pledge import` reads)
        #[arg(long, default_value = "iati")]
        format: String,
        /// IATI organisation identifier of the publisher
        #[arg(long, default_value = "XM-CORREDOR")]
        reporting_org: String,
        /// Name of the publishing organisation
        #[arg(
            long,
            default_value = "Technical secretariat of the Los Angeles Declaration"
        )]
        reporting_name: String,
    },
    /// Appeals' requirements: record them, list them
    Requirements {
        #[command(subcommand)]
        cmd: RequirementsCommand,
    },
    /// Each requirement's coverage: pledged, committed and disbursed against required
    Coverage {
        /// The currency of the appeals' totals (ISO 4217)
        #[arg(long, default_value = "USD")]
        currency: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Verify a step a pledge's donor or recipient reported (the secretariat)
    Verify {
        /// The pledge's id
        id: String,
        /// pledged, committed or disbursed
        stage: String,
    },
    /// The DAC sectors and the organisation identifiers the IATI export uses
    Sectors,
}

pub fn run_pledge(db: &str, org: &str, cmd: &PledgeCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match cmd {
        PledgeCommand::Import { files } => {
            if files.is_empty() {
                bail!("name the files to import");
            }
            let mut read = Vec::new();
            for f in files {
                read.push((
                    f.display().to_string(),
                    std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?,
                ));
            }
            match service::import_pledges(store, &actor, &read) {
                Ok(list) => {
                    for ((name, _), m) in read.iter().zip(list) {
                        println!(
                            "{name}: {}, {}, {} of steps already known (counted once)",
                            plural(m.new_pledges, "new pledge", "new pledges"),
                            plural(m.new_steps, "new step", "new steps"),
                            plural(m.confirmations, "report", "reports"),
                        );
                    }
                }
                Err(ImportError::Problems(p)) => return Err(report_problems(&p, "imported")),
                Err(ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        PledgeCommand::Report { currency, json } => {
            let currency: Currency = currency.parse().map_err(anyhow::Error::msg)?;
            let all = service::pledges(store)?;
            let rates = service::rates(store)?;
            let rep = pledge::report(&all, &rates, &currency)?;
            if *json {
                print_json(&rep)?;
            } else {
                println!(
                    "{} pledges in {}: pledged {}, committed {}, disbursed {}",
                    rep.pledges, rep.currency, rep.pledged, rep.committed, rep.disbursed
                );
                let v = &rep.verified;
                println!(
                    "  of which verified by the secretariat: pledged {}, committed {}, disbursed {}",
                    v.pledged, v.committed, v.disbursed
                );
                let cell = |d: Option<rust_decimal::Decimal>| {
                    d.map_or_else(|| "-".to_string(), |d| d.to_string())
                };
                for l in &rep.lines {
                    println!(
                        "  {:<16} {:<16} → {:<18} {:>16} {:>16} {:>16}  {}",
                        l.id,
                        l.donor,
                        l.recipient.code(),
                        cell(l.pledged),
                        cell(l.committed),
                        cell(l.disbursed),
                        l.purpose
                    );
                }
                for l in &rep.in_kind {
                    println!(
                        "  {:<16} {:<16} → {:<18} {:>16} {:>16} {:>16}  {} (in kind: {}{})",
                        l.id,
                        l.donor,
                        l.recipient.code(),
                        cell(l.pledged),
                        cell(l.committed),
                        cell(l.disbursed),
                        l.purpose,
                        l.unit.label(corredor_model::Lang::En),
                        l.estimate
                            .as_ref()
                            .map(|e| format!("; estimated {} {}", e.amount, e.currency))
                            .unwrap_or_default()
                    );
                }
                for m in &rep.unconverted {
                    eprintln!("left out of the totals: {m}");
                }
            }
        }
        PledgeCommand::Export {
            format,
            reporting_org,
            reporting_name,
        } => {
            let all = service::pledges(store)?;
            if format == "iati" && all.is_empty() {
                anyhow::bail!(
                    "no pledge is recorded yet: an IATI file holds at least one activity (corredor pledge import)"
                );
            }
            match format.as_str() {
                "iati" => print!(
                    "{}",
                    iati::activities(
                        &iati::Publisher {
                            reference: reporting_org.clone(),
                            name: reporting_name.clone(),
                            kind: "40".into(),
                        },
                        &all,
                        &service::requirements(store)?,
                        chrono::Utc::now(),
                    )
                ),
                "csv" => print!("{}", pledge::write_csv(&all)),
                other => bail!("format '{other}': use iati or csv"),
            }
        }
        PledgeCommand::Requirements { cmd } => run_requirements(store, &actor, cmd)?,
        PledgeCommand::Coverage { currency, json } => run_coverage(store, currency, *json)?,
        PledgeCommand::Verify { id, stage } => run_verify(store, &actor, id, stage)?,
        PledgeCommand::Sectors => run_sectors(),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum RatesCommand {
    /// Load exchange rates (date,base,quote,rate: one base is worth rate quote)
    Import {
        /// The CSV file (date,base,quote,rate)
        file: PathBuf,
        /// Where the rates come from (a central bank, the IMF)
        #[arg(long)]
        source: String,
    },
    /// The exchange rates loaded
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_rates(db: &str, org: &str, cmd: &RatesCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        RatesCommand::Import { file, source } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display().to_string();
            match service::import_rates(store.as_mut(), &actor, &name, &bytes, source) {
                Ok(n) => println!("{name}: {n} rates loaded"),
                Err(ImportError::Problems(p)) => return Err(report_problems(&p, "loaded")),
                Err(ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        RatesCommand::List { json } => {
            let list = service::rates(store.as_mut())?;
            if *json {
                print_json(&list)?;
            } else {
                for r in list {
                    println!("{} 1 {} = {} {}", r.date, r.base, r.rate, r.quote);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
