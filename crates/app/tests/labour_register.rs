//! Each country of residence gives its own worker ids: two countries may
//! both register a W-1, neither learns of the other's, a reader names a
//! worker by residence and id, and an employer knows the workers placed
//! with it only by handles that tell neither.

use corredor_app::auth::{operator, Actor, Role};
use corredor_app::labour::{
    candidates, delete_worker, import_vacancies, import_workers, latest_run, match_stored,
    summary_version, worker, ImportError, WorkerView,
};
use corredor_app::Error;
use corredor_store::orgs::{insert_org, OrgRow};
use corredor_testkit::TestStore;

fn actor(role: Role, org: &str, country: Option<&str>) -> Actor {
    Actor {
        role,
        country: country.map(str::to_string),
        ..operator(org)
    }
}

/// A store with the secretariat and an employer, FARM.
fn with_secretariat_and_farm() -> (TestStore, Box<dyn corredor_store::Store>) {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    for code in ["SEC", "FARM"] {
        insert_org(
            store.as_mut(),
            &OrgRow {
                code: code.into(),
                name: code.into(),
                country: None,
                created_at: "2026-01-01T00:00:00Z".into(),
            },
        )
        .unwrap();
    }
    (test, store)
}

const HEADER: &str = "id,nationality,residence,isco,experience_years,languages,skills,consent\n";

#[test]
fn two_countries_each_have_their_w1_and_an_employer_sees_neither_id() {
    let (_test, mut store) = with_secretariat_and_farm();
    let s = store.as_mut();
    let sec = actor(Role::Secretariat, "SEC", None);
    let panama = actor(Role::Analyst, "PAN", Some("PAN"));
    let honduras = actor(Role::Analyst, "HND", Some("HND"));
    let farm = actor(Role::Employer, "FARM", None);
    import_workers(
        s,
        &panama,
        "pan.csv",
        format!("{HEADER}W-1,HND,PAN,9211,3,es,,yes\n").as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    // Honduras's own W-1: not in the way, and nothing said of Panama's.
    let hnd = format!("{HEADER}W-1,HND,HND,9211,5,es,,yes\n");
    import_workers(s, &honduras, "hnd.csv", hnd.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
    match import_workers(s, &honduras, "hnd.csv", hnd.as_bytes()) {
        Err(ImportError::Problems(p)) => {
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(
                p[0].to_string().contains("registered in HND already"),
                "{p:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The refusal is recorded: who tried, which file, how many problems.
    let refused = s
        .query(
            "SELECT target, detail FROM audit WHERE action = 'labour.worker.refused'",
            &[],
        )
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].text("target").unwrap(), "hnd.csv");
    assert_eq!(refused[0].text("detail").unwrap(), "1 problem");
    // Each analyst reads its own W-1, and not the other's.
    let residence_of = |v: WorkerView| match v {
        WorkerView::Full(r) => (r.residence, r.experience_years),
        WorkerView::Minimal(m) => panic!("{m:?}"),
    };
    assert_eq!(
        residence_of(worker(s, &panama, "W-1", None).unwrap()),
        ("PAN".into(), 3.0)
    );
    assert_eq!(
        residence_of(worker(s, &honduras, "W-1", None).unwrap()),
        ("HND".into(), 5.0)
    );
    assert!(matches!(
        worker(s, &panama, "W-1", Some("HND")),
        Err(Error::NotFound(_))
    ));
    // The secretariat names which.
    assert!(
        matches!(worker(s, &sec, "W-1", None), Err(Error::Invalid(m)) if m.contains("HND, PAN"))
    );
    assert_eq!(
        residence_of(worker(s, &sec, "W-1", Some("HND")).unwrap()).0,
        "HND"
    );

    let vacancies =
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
                     farm,FARM,USA,9211,2,es,0,,USA-H2A,,\n";
    import_vacancies(s, &sec, "vacancies.csv", vacancies.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let ran = match_stored(s, &sec, 5.0).unwrap();
    assert_eq!(ran.outcome.matches.len(), 2);
    // The employer's two candidates: two handles, neither an id nor a country.
    let placed = candidates(s, &farm).unwrap();
    let handles: Vec<&str> = placed.iter().map(|c| c.worker.as_str()).collect();
    assert_eq!(handles.len(), 2);
    assert_ne!(handles[0], handles[1]);
    for h in &handles {
        assert!(
            !h.contains("W-1") && !h.contains("PAN") && !h.contains("HND"),
            "{h}"
        );
        match worker(s, &farm, h, None).unwrap() {
            WorkerView::Minimal(m) => assert_eq!(&m.id, h),
            WorkerView::Full(r) => panic!("{r:?}"),
        }
    }
    assert!(matches!(
        worker(s, &farm, "W-1", None),
        Err(Error::NotFound(_))
    ));
    let seen = latest_run(s, &farm).unwrap().unwrap();
    let mut run_handles: Vec<&str> = seen.workers.iter().map(|w| w.worker.as_str()).collect();
    run_handles.sort_unstable();
    let mut sorted = handles.clone();
    sorted.sort_unstable();
    assert_eq!(run_handles, sorted);
    assert!(seen.workers.iter().all(|w| w.residence.is_none()));
    // Panama's analyst sees Panama's outcome only, by its id.
    let seen = latest_run(s, &panama).unwrap().unwrap();
    let shown: Vec<(&str, Option<&str>)> = seen
        .workers
        .iter()
        .map(|w| (w.worker.as_str(), w.residence.as_deref()))
        .collect();
    assert_eq!(shown, vec![("W-1", Some("PAN"))]);

    // Deleting Panama's W-1 leaves Honduras's, and its outcome.
    assert!(matches!(
        delete_worker(s, &sec, "W-1", None),
        Err(Error::Invalid(_))
    ));
    // The summary's version (what its cache is keyed on) moves with it.
    let before = summary_version(s).unwrap();
    delete_worker(s, &panama, "W-1", None).unwrap();
    assert_ne!(summary_version(s).unwrap(), before);
    assert!(matches!(
        worker(s, &panama, "W-1", None),
        Err(Error::NotFound(_))
    ));
    assert_eq!(residence_of(worker(s, &sec, "W-1", None).unwrap()).0, "HND");
    let left = latest_run(s, &sec).unwrap().unwrap();
    let left: Vec<(&str, Option<&str>)> = left
        .workers
        .iter()
        .map(|w| (w.worker.as_str(), w.residence.as_deref()))
        .collect();
    assert_eq!(left, vec![("W-1", Some("HND"))]);
}

#[test]
fn an_analyst_records_vacancies_for_its_own_countrys_employers_only() {
    let (_test, mut store) = with_secretariat_and_farm();
    let s = store.as_mut();
    let sec = actor(Role::Secretariat, "SEC", None);
    let usa = actor(Role::Analyst, "USA", Some("USA"));
    let can = actor(Role::Analyst, "CAN", Some("CAN"));
    let file = |id: &str, country: &str| {
        let pathway = if country == "USA" {
            "USA-H2A"
        } else {
            "CAN-EMPP"
        };
        format!(
            "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
             {id},FARM,{country},9211,2,es,0,,{pathway},,\n"
        )
    };
    // The farm hires in the United States, recorded by its analyst.
    import_vacancies(s, &usa, "v.csv", file("v-1", "USA").as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    // Canada's analyst may not put a vacancy in the farm's name, even in
    // Canada; the secretariat may.
    let refused = import_vacancies(s, &can, "v.csv", file("v-2", "CAN").as_bytes()).unwrap_err();
    let shown = format!("{refused:?}");
    assert!(
        shown.contains("v.csv") && shown.contains("FARM's vacancies are in USA"),
        "{shown}"
    );
    import_vacancies(s, &sec, "v.csv", file("v-3", "CAN").as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        corredor_app::labour::vacancies(s)
            .unwrap()
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>(),
        ["v-1", "v-3"]
    );
}
