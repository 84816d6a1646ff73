//! A match run and a deletion at the same time: a worker deleted while
//! the run was solved never comes back in its outcomes; and what a run's
//! empty places say to whom.

use std::collections::BTreeSet;

use corredor_app::auth::{operator, Actor, Role};
use corredor_app::labour::{
    delete_worker, import_vacancies, import_workers, latest_run, match_stored, RunView,
};
use corredor_app::Error;
use corredor_store::{
    Access, Backend, Batch, Filter, Import, Page, ReadOptions, Row, SeriesSummary, Store,
    StoredObservation, Value,
};
use corredor_testkit::TestStore;

/// A store that deletes worker `W1` when the first transaction begins:
/// after the run has read the register and solved, before it writes.
struct DeletingAtFirstWrite {
    inner: Box<dyn Store>,
    done: bool,
}

impl Store for DeletingAtFirstWrite {
    fn begin_import(&mut self) -> corredor_store::Result<Box<dyn Import + '_>> {
        self.inner.begin_import()
    }
    fn series_page(
        &mut self,
        filter: &Filter,
        access: &Access,
        page: Option<&Page>,
    ) -> corredor_store::Result<Vec<SeriesSummary>> {
        self.inner.series_page(filter, access, page)
    }
    fn observations(
        &mut self,
        filter: &Filter,
        options: &ReadOptions,
        access: &Access,
        each: &mut dyn FnMut(StoredObservation) -> corredor_store::Result<()>,
    ) -> corredor_store::Result<()> {
        self.inner.observations(filter, options, access, each)
    }
    fn indicators(&mut self) -> corredor_store::Result<Vec<corredor_model::Indicator>> {
        self.inner.indicators()
    }
    fn add_indicator(&mut self, i: &corredor_model::Indicator) -> corredor_store::Result<()> {
        self.inner.add_indicator(i)
    }
    fn batches(&mut self) -> corredor_store::Result<Vec<Batch>> {
        self.inner.batches()
    }
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> corredor_store::Result<u64> {
        self.inner.execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> corredor_store::Result<Vec<Row>> {
        self.inner.query(sql, params)
    }
    fn check_statement(&mut self, sql: &str) -> corredor_store::Result<()> {
        self.inner.check_statement(sql)
    }
    fn begin(&mut self) -> corredor_store::Result<()> {
        if !self.done {
            self.done = true;
            // Another connection's deletion, committed first.
            assert!(corredor_store::labour::delete_worker(
                self.inner.as_mut(),
                "HND",
                "W1",
                ("withdrawn", "deleted")
            )?);
        }
        self.inner.begin()
    }
    fn commit(&mut self) -> corredor_store::Result<()> {
        self.inner.commit()
    }
    fn rollback(&mut self) -> corredor_store::Result<()> {
        self.inner.rollback()
    }
    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) {
        self.inner.set_deadline(deadline)
    }
    fn deadline(&self) -> Option<std::time::Instant> {
        self.inner.deadline()
    }
}

const WORKERS: &str = "id,nationality,residence,isco,experience_years,languages,skills,consent
W1,HND,HND,9211,3,es,,yes
W2,GTM,GTM,9211,3,es,,yes
";

const VACANCIES: &str =
    "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
farm,SEC,USA,9211,2,es,0,,USA-H2A,,
";

/// A store of `test` holding organisations `orgs` (code, country), and
/// the secretariat who acts in it.
fn store_with(test: &TestStore, orgs: &[(&str, Option<&str>)]) -> (Box<dyn Store>, Actor) {
    let mut store = corredor_store::open(&test.url).unwrap();
    for (code, country) in orgs {
        corredor_store::orgs::insert_org(
            store.as_mut(),
            &corredor_store::orgs::OrgRow {
                code: code.to_string(),
                name: code.to_string(),
                country: country.map(str::to_string),
                created_at: "2026-01-01T00:00:00Z".into(),
            },
        )
        .unwrap();
    }
    let sec = Actor {
        role: Role::Secretariat,
        ..operator("SEC")
    };
    (store, sec)
}

/// The latest run's `why` of its only outcome (a worker's, or with
/// `unfilled` a vacancy's empty places), as `actor` reads it.
fn why_of(store: &mut dyn Store, actor: &Actor, unfilled: bool) -> String {
    let run = latest_run(store, actor).unwrap().unwrap();
    if unfilled {
        assert_eq!(run.unfilled.len(), 1, "{:?}", run.unfilled);
        run.unfilled[0].why.clone()
    } else {
        assert_eq!(run.workers.len(), 1, "{:?}", run.workers);
        run.workers[0].why.clone()
    }
}

fn analyst(org: &str, country: &str) -> Actor {
    Actor {
        org: org.into(),
        country: Some(country.into()),
        role: Role::Analyst,
        token_id: None,
        remote: "test".into(),
    }
}

#[test]
fn a_worker_deleted_while_the_run_is_solved_does_not_come_back() {
    let test = TestStore::new();
    let (store, sec) = store_with(&test, &[("SEC", None)]);
    let mut store = store;
    import_workers(store.as_mut(), &sec, "workers.csv", WORKERS.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    import_vacancies(store.as_mut(), &sec, "vacancies.csv", VACANCIES.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut racing = DeletingAtFirstWrite {
        inner: store,
        done: false,
    };
    let refused = match_stored(&mut racing, &sec, 5.0);
    assert!(
        matches!(&refused, Err(Error::Conflict(m)) if m.contains("run it again")),
        "{refused:?}"
    );
    let mut store = racing.inner;
    let outcomes: BTreeSet<String> = store
        .query("SELECT worker FROM labour_outcome", &[])
        .unwrap()
        .iter()
        .map(|r| r.text("worker").unwrap())
        .collect();
    assert!(outcomes.is_empty(), "{outcomes:?}");
    // Run again, the register as it now stands is matched.
    let ran = match_stored(store.as_mut(), &sec, 5.0).unwrap();
    assert_eq!(ran.workers, 1);
}

#[test]
fn how_many_workers_were_eligible_is_told_to_the_secretariat_alone() {
    let test = TestStore::new();
    let (mut store, sec) = store_with(&test, &[("SEC", None), ("MIGPAN", Some("PAN"))]);
    import_workers(store.as_mut(), &sec, "workers.csv", WORKERS.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    // Three places for the two workers: one is left, too few workers.
    let vacancies = VACANCIES.replace("9211,2,", "9211,3,");
    import_vacancies(store.as_mut(), &sec, "vacancies.csv", vacancies.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    match_stored(store.as_mut(), &sec, 5.0).unwrap();
    let told = why_of(store.as_mut(), &sec, true);
    assert!(told.contains("all 2 eligible"), "{told}");
    let told = why_of(store.as_mut(), &analyst("MIGPAN", "PAN"), true);
    assert!(told.starts_with("too few workers"), "{told}");
    assert!(!told.chars().any(|c| c.is_ascii_digit()), "{told}");
}

#[test]
fn an_analyst_reads_its_own_workers_match_without_the_pathways_places_used() {
    let test = TestStore::new();
    let (mut store, sec) = store_with(&test, &[("SEC", None)]);
    let workers = "id,nationality,residence,isco,experience_years,languages,skills,consent
W1,HND,HND,9313,3,es,,yes
";
    // H-2B has a yearly quota: how much of it is used counts workers of
    // every nationality.
    let vacancies =
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
build,SEC,USA,9313,1,es,0,,USA-H2B,,
";
    import_workers(store.as_mut(), &sec, "w.csv", workers.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    import_vacancies(store.as_mut(), &sec, "v.csv", vacancies.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    match_stored(store.as_mut(), &sec, 5.0).unwrap();
    assert!(
        why_of(store.as_mut(), &sec, false).contains("places a year"),
        "the secretariat reads the quota used"
    );
    let told = why_of(store.as_mut(), &analyst("HND", "HND"), false);
    assert!(told.starts_with("HND national in HND"), "{told}");
    assert!(!told.contains("places a year"), "{told}");
}

#[test]
fn a_deleted_worker_is_no_longer_counted_in_the_runs_that_matched_them() {
    let test = TestStore::new();
    let (mut store, sec) = store_with(&test, &[("SEC", None), ("HND", Some("HND"))]);
    import_workers(store.as_mut(), &sec, "workers.csv", WORKERS.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    import_vacancies(store.as_mut(), &sec, "vacancies.csv", VACANCIES.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    match_stored(store.as_mut(), &sec, 5.0).unwrap();
    let before = latest_run(store.as_mut(), &sec).unwrap().unwrap();
    assert!(before.unfilled.is_empty(), "{:?}", before.unfilled);
    let w1 = before
        .workers
        .iter()
        .find(|w| w.worker == "W1")
        .and_then(|w| w.score)
        .expect("W1 matched");
    // The operator never deletes in the name of another member state.
    corredor_store::orgs::insert_org(
        store.as_mut(),
        &corredor_store::orgs::OrgRow {
            code: "GTM".into(),
            name: "GTM".into(),
            country: Some("GTM".into()),
            created_at: "2026-01-01T00:00:00Z".into(),
        },
    )
    .unwrap();
    let hnd_worker = "id,nationality,residence,isco,experience_years,languages,skills,consent
W9,HND,HND,9211,3,es,,yes
";
    let refused = import_workers(
        store.as_mut(),
        &operator("GTM"),
        "w.csv",
        hnd_worker.as_bytes(),
    );
    assert!(
        format!("{refused:?}").contains("GTM is GTM's agency"),
        "{refused:?}"
    );
    import_workers(
        store.as_mut(),
        &operator("HND"),
        "w.csv",
        hnd_worker.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let refused = delete_worker(store.as_mut(), &operator("GTM"), "W1", Some("HND"));
    assert!(
        matches!(&refused, Err(Error::Forbidden(m)) if m.contains("GTM is GTM's agency")),
        "{refused:?}"
    );
    delete_worker(store.as_mut(), &operator("HND"), "W1", Some("HND")).unwrap();
    let after = latest_run(store.as_mut(), &sec).unwrap().unwrap();
    assert!(after.workers.iter().all(|w| w.worker != "W1"));
    let objective = |r: &RunView| r.objective.unwrap();
    assert!((objective(&before) - w1 - objective(&after)).abs() < 1e-9);
    assert!(!after.optimal);
    assert_eq!(after.unfilled.len(), 1, "{:?}", after.unfilled);
    assert_eq!(after.unfilled[0].places, 1);
    assert_eq!(after.unfilled[0].reason, "withdrawn");
    assert!(after.unfilled[0].why.contains("deleted on request"));
}
