//! `corredor integration`: the ILOSTAT and UN DESA tables of
//! `ilostat-migrant-labour` imported as integration figures (migrants
//! against the native-born) for the Americas, and each country's latest
//! figures with their years.

use std::path::Path;

use corredor_followup::integration::{self, CountryIntegration, Tables};

use super::common::*;

/// The folder of the tables under the datasets' folder.
pub const INTEGRATION_DIR: &str = "ilostat-migrant-labour";

#[derive(Subcommand, Debug)]
pub enum IntegrationCommand {
    /// Import the ILOSTAT/UN DESA tables of ilostat-migrant-labour (the Americas), all or nothing
    Import {
        /// Folder of the real datasets, holding ilostat-migrant-labour/ [default: ../shared/data]
        #[arg(long, env = "CORREDOR_DATA")]
        data: Option<PathBuf>,
    },
    /// Each country's latest integration figures, each with its year
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// Reads the four tables from `data`/ilostat-migrant-labour and imports
/// them as `actor`: the one path of the command and of the demo.
pub fn import_integration(
    store: &mut dyn Store,
    actor: &Actor,
    data: &Path,
) -> Result<service::IntegrationImported> {
    let dir = data.join(INTEGRATION_DIR);
    let mut bytes = Vec::new();
    for name in integration::FILES {
        let path = dir.join(name);
        let read = std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {}: give --data the folder that holds {INTEGRATION_DIR}/",
                path.display()
            )
        })?;
        bytes.push((path.display().to_string(), read));
    }
    let table = |i: usize| (bytes[i].0.as_str(), bytes[i].1.as_slice());
    let tables = Tables {
        unemployment: table(0),
        occupations: table(1),
        earnings: table(2),
        stock: table(3),
    };
    match service::import_integration(store, actor, &tables) {
        Ok(done) => Ok(done),
        Err(ImportError::Problems(p)) => Err(report_problems(&p, "imported")),
        Err(ImportError::Refused(e)) => Err(e.into()),
    }
}

fn one(v: f64) -> String {
    format!("{v:.1}")
}

fn line(r: &CountryIntegration) -> String {
    if r.is_empty() {
        return "no figure in the tables".into();
    }
    let mut parts = Vec::new();
    match (r.unemployment, r.unemployment_gap) {
        (Some(u), Some(g)) => parts.push(format!(
            "unemployment {}% vs {}% ({:+.1} points, {})",
            one(u.foreign_born),
            one(u.native_born),
            g.value,
            u.year
        )),
        _ => parts.push("unemployment: no figure".into()),
    }
    if let Some(e) = r.elementary {
        parts.push(format!(
            "elementary {}% vs {}% ({})",
            one(e.foreign_born),
            one(e.native_born),
            e.year
        ));
    }
    if let Some(e) = r.earnings_ratio {
        parts.push(format!("earnings {}% ({})", one(e.value), e.year));
    }
    if let Some(s) = r.stock {
        parts.push(format!("immigrants {:.0} ({})", s.total, s.year));
    }
    parts.join("; ")
}

pub fn run_integration(db: &str, org: &str, cmd: &IntegrationCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match cmd {
        IntegrationCommand::Import { data } => {
            let data = data
                .clone()
                .unwrap_or_else(|| PathBuf::from(crate::datasets::DEFAULT_DATA));
            let done = import_integration(store, &actor, &data)?;
            println!(
                "{}: {}, {} already stored, for {}",
                data.join(INTEGRATION_DIR).display(),
                plural(done.new, "new figure", "new figures"),
                done.unchanged,
                plural(
                    done.countries,
                    "country or territory",
                    "countries and territories"
                )
            );
        }
        IntegrationCommand::List { json } => {
            let rows = service::integration_view(store)?;
            if *json {
                print_json(&rows)?;
            } else {
                for r in &rows {
                    println!("{} {:<24} {}", r.country, country_name(&r.country), line(r));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
