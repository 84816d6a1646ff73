//! Labour mobility's use cases: the legal pathways (shipped and added),
//! the register of workers and vacancies with who may see what of them
//! (`corredor_labour::privacy`), and match runs over the register, kept
//! with each worker's outcome and published only in aggregate.

mod common;
mod context;
mod pathways;
mod register;
mod runs;

pub use common::{ImportError, Imported};
pub use context::{import_mix, occupation_mix};
pub use pathways::{import_pathways, named_nationalities, nationality, open_to, pathways};
pub use register::{
    candidates, delete_worker, import_vacancies, import_workers, vacancies, worker, workers,
    Candidate, MinimalProfile, VacancyItem, WorkerRecord, WorkerView,
};
pub use runs::{latest_run, match_stored, solve_within, summary, summary_version, RunView};
