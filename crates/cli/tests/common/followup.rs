//! What the follow-up's tests share: a store with the 2023 registry, a
//! command that must fail, and the donor's, recipient's and rates files.

use super::{corredor, ok, write, TestStore};

pub fn seeded() -> TestStore {
    let store = TestStore::new();
    ok(&store, &["registry", "seed"]);
    store
}

pub fn fails(store: &TestStore, args: &[&str]) -> String {
    let out = corredor(store, args);
    assert!(
        !out.status.success(),
        "corredor {args:?} should have failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `commitment measure` of indicator 1: `value` on `date`, from the
/// ministry of education, for `country` when one is named.
pub fn measure_args<'a>(date: &'a str, value: &'a str, country: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec![
        "commitment",
        "measure",
        "--indicator",
        "1",
        "--date",
        date,
        "--value",
        value,
        "--source",
        "ministry of education",
    ];
    if let Some(c) = country {
        args.extend(["--country", c]);
    }
    args
}

pub const DONOR_FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,pledged,2021-06-10,Italy's statement at the solidarity event
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,committed,2021-09-01,Italy's aid agency
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,400000.00,EUR,disbursed,2022-01-15,Italy's aid agency
CRI-ASYLUM,Canada,CRI,Asylum capacity,250000,CAD,pledged,2022-03-01,Canada's announcement
";

pub const RECIPIENT_FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,pledged,2021-06-10,MIRPS secretariat's record
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,400000.00,EUR,disbursed,2022-01-15,MIRPS secretariat's record
GT-RETURN,United States,dla-return,Reintegration services,500000.00,USD,pledged,2022-06-10,US statement at the summit
";

pub const RATES: &str = "\
date,base,quote,rate
2021-06-01,EUR,USD,1.2
2021-09-01,EUR,USD,1.18
2022-01-01,EUR,USD,1.1
2022-02-15,USD,CAD,1.25
2022-06-01,EUR,USD,1.05
";

pub fn pledges(store: &TestStore) {
    let donor = write(&store.scratch("donor.csv"), DONOR_FILE);
    let recipient = write(&store.scratch("recipient.csv"), RECIPIENT_FILE);
    let rates = write(&store.scratch("rates.csv"), RATES);
    let out = ok(store, &["pledge", "import", &donor, &recipient]);
    assert!(
        out.contains("donor.csv: 2 new pledges, 4 new steps, 0 reports"),
        "{out}"
    );
    assert!(
        out.contains("recipient.csv: 1 new pledge, 1 new step, 2 reports of steps already known"),
        "{out}"
    );
    ok(
        store,
        &[
            "rates",
            "import",
            &rates,
            "--source",
            "central banks' reference rates",
        ],
    );
}

/// Registers `org` in the declaration (DLA) as `role` (`observer`,
/// `permanent_participant`) from 2024-01-01.
pub fn accredit(store: &TestStore, org: &str, role: &str) {
    // The store knows an organisation before it joins a mechanism (added
    // here unless it is already).
    let known = ok(store, &["org", "list"]);
    if !known
        .lines()
        .any(|l| l.split_whitespace().next() == Some(org))
    {
        ok(store, &["org", "add", "--code", org, "--name", org]);
    }
    ok(
        store,
        &[
            "registry",
            "add",
            "--mechanism",
            "DLA",
            "--participant",
            org,
            "--role",
            role,
            "--since",
            "2024-01-01",
            "--source",
            "accreditation letter",
        ],
    );
}

/// Adds organisation `org` and returns a new token of it with `role`.
pub fn token(store: &TestStore, org: &str, name: &str, role: &str) -> String {
    ok(store, &["org", "add", "--code", org, "--name", name]);
    ok(store, &["token", "create", "--org", org, "--role", role])
        .trim()
        .to_string()
}

/// A file the project ships in `examples/`.
pub fn example(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}
