//! The demo's labour mobility (`examples/labour-*.csv`, all SIMULATED
//! but the added pathway, Canada's Seasonal Agricultural Worker Program,
//! which is real and cites its source): four employers, one pathway added
//! to the shipped ones, forty workers registered by the secretariat's
//! offices, four vacancies, and one match run over the register. Each is
//! recorded through the same use cases as any other write (and audited).

use anyhow::{bail, Result};
use corredor_app::auth::{self, Actor};
use corredor_app::labour::{self as service, ImportError, Imported};
use corredor_store::Store;

const PATHWAYS: &[u8] = include_bytes!("../../../examples/labour-pathways.csv");
const WORKERS: &[u8] = include_bytes!("../../../examples/labour-workers.csv");
const VACANCIES: &[u8] = include_bytes!("../../../examples/labour-vacancies.csv");

/// The employers of the example vacancies: (code, name).
pub const EMPLOYERS: [(&str, &str); 4] = [
    (
        "SIM-HUELVA",
        "Huelva berry growers' cooperative (SIMULATED)",
    ),
    ("SIM-GEORGIA", "Georgia peach orchard (SIMULATED)"),
    ("SIM-ONTARIO", "Ontario home-care agency (SIMULATED)"),
    ("SIM-NIAGARA", "Niagara greenhouse farm (SIMULATED)"),
];

fn shipped(outcome: std::result::Result<Imported, ImportError>, file: &str) -> Result<Imported> {
    match outcome {
        Ok(done) => Ok(done),
        Err(ImportError::Problems(p)) => {
            bail!("the shipped {file} does not import: {}", p[0])
        }
        Err(ImportError::Refused(e)) => Err(e.into()),
    }
}

/// What the scenario recorded, for the demo's summary line.
pub struct Recorded {
    pub workers: usize,
    pub vacancies: usize,
    pub places: u64,
    pub matched: usize,
    pub gap: f64,
}

pub fn scenario(store: &mut dyn Store, operator: &Actor, secretariat: &Actor) -> Result<Recorded> {
    for (code, name) in EMPLOYERS {
        auth::add_org(store, operator, code, name)?;
    }
    shipped(
        service::import_pathways(store, secretariat, "examples/labour-pathways.csv", PATHWAYS),
        "examples/labour-pathways.csv",
    )?;
    let workers = shipped(
        service::import_workers(store, secretariat, "examples/labour-workers.csv", WORKERS),
        "examples/labour-workers.csv",
    )?;
    let vacancies = shipped(
        service::import_vacancies(
            store,
            secretariat,
            "examples/labour-vacancies.csv",
            VACANCIES,
        ),
        "examples/labour-vacancies.csv",
    )?;
    let ran = service::match_stored(store, secretariat, 10.0)?;
    Ok(Recorded {
        workers: workers.new,
        vacancies: vacancies.new,
        places: ran.places,
        matched: ran.outcome.matches.len(),
        gap: ran.outcome.gap,
    })
}
