use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;

fn recipient(code: &str) -> Option<Recipient> {
    match code {
        "MIRPS" | "CRM" => Some(Recipient::Mechanism(code.into())),
        "dla-integration" => Some(Recipient::WorkingGroup(code.into())),
        c if crate::registry::is_state(c) => Some(Recipient::Country(c.into())),
        _ => None,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

const FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,Solidarity event,1000000.00,EUR,pledged,2021-06-10,donor report
P1,Italy,MIRPS,Solidarity event,1000000.00,EUR,pledged,2021-06-10,MIRPS report
P1,Italy,MIRPS,Solidarity event,400000.00,EUR,disbursed,2022-01-15,donor report
P2,USA,CRI,Asylum capacity,250000,USD,pledged,2021-06-10,donor report
P2,USA,CRI,Asylum capacity,250000,USD,committed,2021-09-01,donor report
P3,Canada,dla-integration,Host communities,100000,CAD,pledged,2022-03-01,donor report
";

/// The rates of a rates file that must read.
fn rates_from(text: &[u8]) -> Vec<Rate> {
    parse_rates("rates.csv", text)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

fn rates() -> Vec<Rate> {
    rates_from(
        b"date,base,quote,rate\n\
          2021-06-01,EUR,USD,1.2\n\
          2022-01-01,EUR,USD,1.1\n\
          2022-02-01,USD,CAD,1.25\n\
          2021-06-01,USD,MXN,20\n",
    )
}

fn pledges() -> Vec<Pledge> {
    let reports = parse_csv("p.csv", FILE.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    let m = merge(&mut pledges, "p.csv", &reports, None).unwrap();
    assert_eq!(
        m,
        Merged {
            new_pledges: 3,
            new_steps: 5,
            confirmations: 1,
            stated_verifications: 0,
        }
    );
    pledges
}

#[test]
fn a_step_reported_by_donor_and_recipient_counts_once() {
    let p = pledges();
    let pledged = p[0].step(Stage::Pledged).unwrap();
    assert_eq!(pledged.amount, dec("1000000.00"));
    assert_eq!(pledged.sources, vec!["donor report", "MIRPS report"]);
}

#[test]
fn totals_in_two_currencies_use_each_steps_own_date() {
    let p = pledges();
    let usd = report(&p, &rates(), &"USD".parse().unwrap()).unwrap();
    // Hand-checked:
    // P1 pledged 1,000,000 EUR × 1.2 (rate of 1 June 2021) = 1,200,000
    // P1 disbursed 400,000 EUR × 1.1 (rate of 1 Jan 2022)  =   440,000
    // P2 pledged and committed 250,000 USD                 =   250,000
    // P3 pledged 100,000 CAD ÷ 1.25 (USD→CAD of 1 Feb 2022) =    80,000
    assert_eq!(usd.pledged, dec("1530000.00"));
    assert_eq!(usd.committed, dec("250000"));
    assert_eq!(usd.disbursed, dec("440000.00"));
    // In Mexican pesos, through no direct EUR→MXN rate: via the dollar.
    // The MXN rate of 1 June 2021 applies to every later date too.
    // P1 pledged 1,000,000 × 1.2 × 20 = 24,000,000; disbursed 400,000 ×
    // 1.1 × 20 = 8,800,000; P2 250,000 × 20 = 5,000,000; P3 100,000 CAD
    // ÷ 1.25 × 20 = 1,600,000.
    let mxn = report(&p, &rates(), &"MXN".parse().unwrap()).unwrap();
    assert_eq!(mxn.pledged, dec("30600000"));
    assert_eq!(mxn.committed, dec("5000000"));
    assert_eq!(mxn.disbursed, dec("8800000"));
}

#[test]
fn only_what_the_secretariat_verified_counts_as_verified() {
    let mut p = pledges();
    let usd: Currency = "USD".parse().unwrap();
    let none = report(&p, &rates(), &usd).unwrap();
    assert_eq!(none.verified.pledged, dec("0"));
    assert!(none.lines.iter().all(|l| l.verified.is_empty()));
    // The secretariat verifies P1's disbursement (440,000 USD) and
    // nothing else.
    let step = p[0]
        .steps
        .iter_mut()
        .find(|s| s.stage == Stage::Disbursed)
        .unwrap();
    step.verified = Some(Verified {
        by: "SEC".into(),
        on: "2022-02-01".parse().unwrap(),
    });
    let usd = report(&p, &rates(), &usd).unwrap();
    assert_eq!(usd.disbursed, dec("440000.00"));
    assert_eq!(usd.verified.disbursed, dec("440000.00"));
    assert_eq!(usd.verified.pledged, dec("0"));
    assert_eq!(usd.verified.committed, dec("0"));
    assert_eq!(usd.lines[0].verified, [Stage::Disbursed]);
}

#[test]
fn a_rate_dated_after_the_step_is_never_used_and_the_step_is_listed_apart() {
    let p = pledges();
    // P1 was pledged on 10 June 2021; the first USD→CAD rate is of 2022.
    // The steps no rate converts are listed and left out of the totals;
    // the rest of the report stands.
    let cad = report(&p, &rates(), &"CAD".parse().unwrap()).unwrap();
    let missing: Vec<(&str, &str, NaiveDate)> = cad
        .unconverted
        .iter()
        .map(|m| (m.pledge.as_str(), m.stage.as_str(), m.date))
        .collect();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(
        missing,
        [
            ("P1", "pledged", day("2021-06-10")),
            ("P1", "disbursed", day("2022-01-15")),
            ("P2", "pledged", day("2021-06-10")),
            ("P2", "committed", day("2021-09-01")),
        ]
    );
    // P1 and P2 are in no line and no total; P3, in Canadian dollars
    // already, is the report.
    assert_eq!(cad.pledges, 1);
    assert_eq!(cad.pledged, dec("100000.00"));
    assert_eq!(cad.committed, dec("0.00"));
    assert_eq!(cad.lines.len(), 1);
    assert_eq!(cad.lines[0].id, "P3");
    assert_eq!(cad.disbursed, dec("0.00"));
    // Without the EUR rate of June 2021, P1's disbursement of 2022
    // converts but its pledge does not: the disbursement is not counted
    // alone, as money disbursed that was never pledged.
    let later: Vec<Rate> = rates()
        .into_iter()
        .filter(|r| r.date != day("2021-06-01") || r.base.to_string() != "EUR")
        .collect();
    let usd = report(&p, &later, &"USD".parse().unwrap()).unwrap();
    assert_eq!(usd.unconverted.len(), 1);
    assert_eq!(usd.unconverted[0].stage, Stage::Pledged);
    assert_eq!(usd.disbursed, dec("0.00"));
    assert!(usd.lines.iter().all(|l| l.id != "P1"));
    let usd = report(&p, &rates(), &"USD".parse().unwrap()).unwrap();
    assert!(usd.unconverted.is_empty());
}

#[test]
fn conversion_rounds_to_the_minor_unit_half_away_from_zero() {
    let jpy: Currency = "JPY".parse().unwrap();
    assert_eq!(jpy.round(dec("100.5")), dec("101"));
    let usd: Currency = "USD".parse().unwrap();
    assert_eq!(usd.round(dec("0.125")), dec("0.13"));
    assert_eq!(usd.round(dec("200000.0")).to_string(), "200000.00");
    assert_eq!("BHD".parse::<Currency>().unwrap().minor_units(), 3);
    // Exact decimals: 0.1 + 0.2 is 0.3.
    assert_eq!(dec("0.1") + dec("0.2"), dec("0.3"));
}

#[test]
fn every_problem_of_a_file_is_reported_with_line_and_column() {
    let bad = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,Atlantis,x,12.5,EUR,pledged,2021-06-10,r
P2,Italy,MIRPS,x,1e6,XYZ,promised,10/06/2021,
P3,Italy,MIRPS,x,10.555,USD,pledged,2021-06-10,r
";
    let problems = parse_csv("bad.csv", bad.as_bytes(), &recipient).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 7, "{shown:#?}");
    assert!(shown[0].starts_with("bad.csv:2:3: recipient 'Atlantis'"));
    assert!(shown[1].starts_with("bad.csv:3:5: amount '1e6'"));
    assert!(shown[2].starts_with("bad.csv:3:6: currency 'XYZ'"));
    assert!(shown[3].starts_with("bad.csv:3:7: status 'promised'"));
    assert!(shown[4].starts_with("bad.csv:3:8: date '10/06/2021'"));
    assert_eq!(shown[5], "bad.csv:3:9: source is empty");
    assert_eq!(
        shown[6],
        "bad.csv:4:5: amount 10.555: USD has 2 decimal places"
    );
}

#[test]
fn figures_beyond_any_pledge_or_rate_are_refused_at_their_line() {
    let huge = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,x,79228162514264337593543950335,USD,pledged,2021-06-10,r
";
    let problems = parse_csv("huge.csv", huge.as_bytes(), &recipient).unwrap_err();
    assert!(problems[0]
        .to_string()
        .starts_with("huge.csv:2:5: amount 79228162514264337593543950335: more than any pledge"));
    let huger = huge.replace(
        "79228162514264337593543950335",
        "99999999999999999999999999999999",
    );
    let problems = parse_csv("huge.csv", huger.as_bytes(), &recipient).unwrap_err();
    assert!(
        problems[0].to_string().contains("more than any pledge"),
        "{problems:?}"
    );
    let rates = "date,base,quote,rate\n2021-01-01,USD,EUR,0.0000000001\n2021-01-02,USD,EUR,0.9\n";
    let problems = parse_rates("rates.csv", rates.as_bytes()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(problems[0]
        .to_string()
        .starts_with("rates.csv:2:4: rate '0.0000000001'"));
    let same = "date,base,quote,rate\n2025-01-01,EUR,EUR,2\n";
    let problems = parse_rates("rates.csv", same.as_bytes()).unwrap_err();
    assert!(
        problems[0]
            .to_string()
            .starts_with("rates.csv:2:3: EUR to EUR"),
        "{problems:?}"
    );
}

#[test]
fn reports_that_disagree_on_a_step_are_refused() {
    let mut p = pledges();
    let other = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,Solidarity event,900000.00,EUR,pledged,2021-06-10,MIRPS report
P2,Spain,CRI,Asylum capacity,250000,USD,disbursed,2022-01-01,r
P3,Canada,dla-integration,Host communities,100000,CAD,disbursed,2021-01-01,r
";
    let reports = parse_csv("o.csv", other.as_bytes(), &recipient).unwrap();
    let problems = merge(&mut p, "o.csv", &reports, None).unwrap_err();
    assert_eq!(p, pledges(), "a file with problems changes nothing");
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(shown[0]
        .starts_with("o.csv:2:5: pledge P1 is already pledged as 1000000.00 EUR on 2021-06-10"));
    assert!(shown[1].starts_with("o.csv:3:2: pledge P2 has donor 'USA'"));
    assert_eq!(
        shown[2],
        "o.csv:4:8: pledge P3 is disbursed on 2021-01-01, before it was pledged on 2022-03-01"
    );
}

proptest::proptest! {
    /// A step reported again, by anyone, is counted once: merging the
    /// same reports twice changes no pledge and confirms every report.
    #[test]
    fn merging_the_same_reports_twice_counts_them_once(
        rows in proptest::collection::vec((0u8..4, 0usize..3, 1u64..10_000_000, 0u32..3), 1..12),
    ) {
        let mut text = String::from("id,donor,recipient,purpose,amount,currency,status,date,source\n");
        let mut seen = std::collections::BTreeSet::new();
        for (id, stage, cents, year) in rows {
            // One amount per pledge and stage, dated in stage order.
            if !seen.insert((id, stage)) {
                continue;
            }
            let stage = Stage::ALL[stage];
            let date = format!("{}-0{}-01", 2020 + year, 1 + stage as u32);
            let amount = Decimal::new(cents as i64 * (id as i64 + 1), 2);
            text.push_str(&format!("P{id},Donor {id},CRI,purpose,{amount},USD,{},{date},report\n", stage.as_str()));
        }
        let reports = parse_csv("p.csv", text.as_bytes(), &recipient).unwrap();
        let mut once = Vec::new();
        let first = merge(&mut once, "p.csv", &reports, None);
        proptest::prop_assume!(first.is_ok());
        let mut twice = once.clone();
        let second = merge(&mut twice, "p.csv", &reports, None).unwrap();
        proptest::prop_assert_eq!(&once, &twice);
        proptest::prop_assert_eq!(second.confirmations, reports.len());
        proptest::prop_assert_eq!(second.new_steps + second.new_pledges, 0);
    }
}

#[test]
fn the_inverse_of_a_newer_rate_wins_over_an_older_direct_one() {
    let rates = rates_from(
        b"date,base,quote,rate\n\
          2021-01-01,EUR,USD,1.25\n\
          2021-06-01,USD,EUR,0.5\n",
    );
    let (eur, usd): (Currency, Currency) = ("EUR".parse().unwrap(), "USD".parse().unwrap());
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    // After June, the USD→EUR rate of 0.5 is the latest word: 1 EUR is 2 USD.
    assert_eq!(
        rate_on(&rates, &eur, &usd, day("2021-07-01")),
        Some(dec("2"))
    );
    // Before it, only the January EUR→USD rate had been published.
    assert_eq!(
        rate_on(&rates, &eur, &usd, day("2021-03-01")),
        Some(dec("1.25"))
    );
    assert_eq!(
        rate_on(&rates, &usd, &eur, day("2021-03-01")),
        Some(dec("0.8"))
    );
    assert_eq!(rate_on(&rates, &eur, &usd, day("2020-12-31")), None);
}

#[test]
fn a_pledge_of_nothing_is_refused_at_its_amount() {
    let zero = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,x,0,EUR,pledged,2021-06-10,r
P2,Italy,MIRPS,x,-3,EUR,pledged,2021-06-10,r
";
    let problems = parse_csv("bad.csv", zero.as_bytes(), &recipient).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "bad.csv:2:5: amount 0: must be more than 0",
            "bad.csv:3:5: amount -3: must be more than 0"
        ]
    );
}

#[test]
fn a_formula_or_a_control_character_in_a_pledge_is_refused_at_its_cell() {
    let text = "id,donor,recipient,purpose,amount,currency,status,date,source\n\
                P1,@Italy,MIRPS,Shelter\u{1}beds,1000.00,EUR,pledged,2021-06-10,donor report\n";
    let Err(problems) = parse_csv("p.csv", text.as_bytes(), &recipient) else {
        panic!("a formula read as a donor");
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "p.csv:2:2: donor '@Italy' starts like a spreadsheet formula (@): remove the leading character",
            "p.csv:2:4: purpose contains control characters",
        ]
    );
}

#[test]
fn totals_past_what_a_decimal_holds_are_an_error_not_a_panic() {
    // Eighty pledges at the largest amount, converted through two rates at
    // the largest: 1e15 × 1e12 each, 8e28 together.
    let mut file = String::from("id,donor,recipient,purpose,amount,currency,status,date,source\n");
    for i in 0..80 {
        file.push_str(&format!(
            "P{i},Donor,CRI,Shelter,1000000000000000,JPY,pledged,2021-06-10,donor report\n"
        ));
    }
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    merge(&mut pledges, "p.csv", &reports, None).unwrap();
    let rates = rates_from(
        b"date,base,quote,rate\n2021-06-01,JPY,USD,1000000\n2021-06-01,USD,EUR,1000000\n",
    );
    let eur: Currency = "EUR".parse().unwrap();
    assert!(matches!(
        report(&pledges, &rates, &eur),
        Err(ReportError::TooLarge(c)) if c == eur
    ));
    assert!(report(&pledges[..1], &rates, &eur).is_ok());
}

#[test]
fn the_share_disbursed_is_bounded_and_never_panics() {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    assert_eq!(disbursed_share(d("0"), d("5")), None);
    assert_eq!(disbursed_share(d("3"), d("1")), Some(d("33.3")));
    assert_eq!(disbursed_share(d("1"), d("2")), Some(d("100")));
    let huge = Decimal::MAX;
    assert_eq!(disbursed_share(d("0.01"), huge), Some(d("100")));
    assert_eq!(disbursed_share(huge, d("0.01")), Some(d("0")));
}

#[test]
fn what_the_secretariat_verified_stays_as_it_verified_it() {
    const HEADER: &str = "id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n";
    let verified =
        format!("{HEADER}P1,Spain,CRI,Shelter,50,beds,pledged,2025-02-01,statement,,,,\n");
    let secretariat = Verified {
        by: "SEC".into(),
        on: "2025-05-01".parse().unwrap(),
    };
    let reports = parse_csv("sec.csv", verified.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    merge(&mut pledges, "sec.csv", &reports, Some(&secretariat)).unwrap();
    // The donor's own report of the same step, now with an estimate and
    // a requirement: refused at each cell, and nothing changes.
    let later = format!(
        "{HEADER}P1,Spain,CRI,Shelter,50,beds,pledged,2025-02-01,donor,,,900000000.00,USD\n\
         P1,Spain,CRI,Shelter,50,beds,pledged,2025-02-01,donor,R1,,,\n"
    );
    let reports = parse_csv("donor.csv", later.as_bytes(), &recipient).unwrap();
    let before = pledges.clone();
    let problems = merge(&mut pledges, "donor.csv", &reports, None).unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].starts_with("donor.csv:2:12: pledge P1 was verified pledged"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].starts_with(
            "donor.csv:3:10: pledge P1 has steps the secretariat verified with no requirement"
        ),
        "{}",
        shown[1]
    );
    assert_eq!(pledges, before);
    // The secretariat may add them, and the step stays verified.
    merge(&mut pledges, "sec2.csv", &reports, Some(&secretariat)).unwrap();
    assert_eq!(pledges[0].requirement.as_deref(), Some("R1"));
    assert!(pledges[0].steps[0].estimate.is_some() && pledges[0].steps[0].verified.is_some());
}

#[test]
fn a_date_outside_1900_to_2200_is_refused_at_its_cell() {
    let file = "id,donor,recipient,purpose,amount,currency,status,date,source\n\
                P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,+20250-06-10,donor report\n\
                P2,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,1899-12-31,donor report\n";
    let problems = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].starts_with("p.csv:2:8: date '+20250-06-10'"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].starts_with("p.csv:3:8: date '1899-12-31'"),
        "{}",
        shown[1]
    );
    let rates = "date,base,quote,rate\n2250-01-01,EUR,USD,1.1\n";
    assert!(parse_rates("r.csv", rates.as_bytes()).is_err());
}

fn sec(on: &str) -> Verified {
    Verified {
        by: "SEC".into(),
        on: on.parse().unwrap(),
    }
}

#[test]
fn an_export_reads_back_as_the_same_pledges_with_what_was_and_was_not_verified() {
    // The donors' reports, unverified; then the secretariat verifies one
    // step by sending its own report of it.
    let mut pledges = pledges();
    let own = "id,donor,recipient,purpose,amount,currency,status,date,source\n\
               P2,USA,CRI,Asylum capacity,250000,USD,committed,2021-09-01,secretariat\n";
    let reports = parse_csv("sec.csv", own.as_bytes(), &recipient).unwrap();
    merge(&mut pledges, "sec.csv", &reports, Some(&sec("2021-10-01"))).unwrap();
    let csv = write_csv(&pledges);
    assert!(csv.starts_with(&EXPORT_COLUMNS.join(",")), "{csv}");
    assert!(
        csv.contains("P2,USA,CRI,Asylum capacity,250000,USD,committed,2021-09-01,secretariat,,,,,SEC,2021-10-01\n"),
        "{csv}"
    );
    // The secretariat of another instance reads it back: what no one
    // verified stays unverified, and what was verified keeps its verifier
    // and day rather than taking the importer's.
    let reports = parse_csv("export.csv", csv.as_bytes(), &recipient).unwrap();
    let mut again = Vec::new();
    let m = merge(&mut again, "export.csv", &reports, Some(&sec("2026-01-01"))).unwrap();
    assert_eq!(m.stated_verifications, 1);
    assert_eq!(again, pledges);
    assert_eq!(write_csv(&again), csv);
    // Read back twice, nothing changes.
    merge(&mut again, "export.csv", &reports, Some(&sec("2026-01-02"))).unwrap();
    assert_eq!(again, pledges);
}

#[test]
fn only_the_secretariat_states_a_verification_and_a_verification_has_its_day() {
    let header = EXPORT_COLUMNS.join(",");
    let file = format!(
        "{header}\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,SEC,2021-07-01\n"
    );
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    let problems = merge(&mut pledges, "p.csv", &reports, None).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .starts_with("p.csv:2:14: verified_by 'SEC': verifying a step is the secretariat's"),
        "{}",
        problems[0]
    );
    assert!(pledges.is_empty());
    // A verification dated before its step, or after the day the file
    // is read, is refused at its cell.
    let file = format!(
        "{header}\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,SEC,2021-06-09\n\
         P2,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,SEC,2027-01-01\n"
    );
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    let shown: Vec<String> = merge(&mut pledges, "p.csv", &reports, Some(&sec("2026-12-01")))
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        shown[0].starts_with("p.csv:2:15: verified_on 2021-06-09 is before the step's own date"),
        "{shown:#?}"
    );
    assert!(
        shown[1].starts_with("p.csv:3:15: verified_on 2027-01-01 has not come yet"),
        "{shown:#?}"
    );
    // A party's export with nothing verified is its own report.
    let file = format!(
        "{header}\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,,\n"
    );
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    merge(&mut pledges, "p.csv", &reports, None).unwrap();
    assert_eq!(pledges[0].steps[0].verified, None);
    let file = format!(
        "{header}\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,SEC,\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,,2021-07-01\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,SEC,July\n\
         P1,Italy,MIRPS,Solidarity,1000.00,EUR,pledged,2021-06-10,donor,,,,,=SEC,2021-07-01\n"
    );
    let shown: Vec<String> = parse_csv("p.csv", file.as_bytes(), &recipient)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown.len(), 4, "{shown:#?}");
    for (got, want) in shown.iter().zip([
        "p.csv:2:15: verified_on is empty",
        "p.csv:3:14: verified_by is empty",
        "p.csv:4:15: verified_on 'July'",
        "p.csv:5:14: verified_by '=SEC' starts like a spreadsheet formula",
    ]) {
        assert!(got.starts_with(want), "{got}");
    }
}

#[test]
fn a_pledge_counts_only_towards_its_own_recipients_requirement() {
    let file = "\
id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency
A,Spain,CRI,p,100.00,USD,disbursed,2025-03-01,s,PAN-DARIEN-2025,,,
B,Spain,PAN,p,100.00,USD,disbursed,2025-03-01,s,PAN-DARIEN-2025,,,
C,Spain,PAN,p,100.00,USD,disbursed,2025-03-01,s,NOWHERE,,,
";
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    let problems = requirement_problems("p.csv", &reports, &|id: &str| {
        (id == "PAN-DARIEN-2025").then(|| Recipient::Country("PAN".into()))
    });
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with(
            "p.csv:2:10: requirement 'PAN-DARIEN-2025' is for PAN, and this pledge is to CRI"
        ),
        "{said:?}"
    );
    assert!(
        said[1].starts_with("p.csv:4:10: requirement 'NOWHERE'"),
        "{said:?}"
    );
}

#[test]
fn a_step_dated_after_today_is_refused_at_its_date() {
    let reports = parse_csv("p.csv", FILE.as_bytes(), &recipient).unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // On the day of the last step, nothing is early.
    assert!(future_steps("p.csv", &reports, day("2022-03-01")).is_empty());
    // A day before it, that step (line 7) has not happened.
    let early = future_steps("p.csv", &reports, day("2022-02-28"));
    assert_eq!(early.len(), 1);
    let text = early[0].to_string();
    assert!(text.starts_with("p.csv:7:8: "), "{text}");
    assert!(
        text.contains("date 2022-03-01: the step has not happened yet (today is 2022-02-28)"),
        "{text}"
    );
}

/// Pledges in kind are counted in their own units, by stage, and never
/// converted into money.
#[test]
fn pledges_in_kind_are_totalled_by_unit_and_stage_apart_from_money() {
    let file = "\
id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency
K1,Spain,MIRPS,Shelter,600,beds,pledged,2022-01-10,donor report,,,,
K1,Spain,MIRPS,Shelter,400,beds,committed,2022-02-10,donor report,,,,
K1,Spain,MIRPS,Shelter,150,beds,disbursed,2022-03-10,donor report,,,,
K2,Italy,MIRPS,Shelter,50,beds,pledged,2022-01-12,donor report,,,,
K3,Canada,CRM,Seconded staff,12,staff_months,pledged,2022-01-12,donor report,,,,
";
    let reports = parse_csv("k.csv", file.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    merge(&mut pledges, "k.csv", &reports, None).unwrap();
    assert_eq!(kind_of(&pledges[0]), Some(KindUnit::Beds));
    let r = report(&pledges, &rates(), &"USD".parse().unwrap()).unwrap();
    assert!(r.lines.is_empty());
    assert_eq!((r.in_kind.len(), r.pledges), (3, 3));
    assert_eq!(r.pledged, Decimal::ZERO);
    let totals: Vec<(KindUnit, Decimal, Decimal, Decimal)> = r
        .in_kind_totals
        .iter()
        .map(|t| (t.unit, t.pledged, t.committed, t.disbursed))
        .collect();
    assert_eq!(
        totals,
        [
            (KindUnit::Beds, dec("650"), dec("400"), dec("150")),
            (
                KindUnit::StaffMonths,
                dec("12"),
                Decimal::ZERO,
                Decimal::ZERO
            ),
        ]
    );
}

/// A rate and its inverse published the same day: the rate is used as
/// published in the direction asked, not the inverse.
#[test]
fn on_the_same_day_the_direct_rate_is_used_as_published() {
    let rates = rates_from(
        b"date,base,quote,rate\n\
          2021-06-01,EUR,USD,1.25\n\
          2021-06-01,USD,EUR,0.5\n",
    );
    let (eur, usd): (Currency, Currency) = ("EUR".parse().unwrap(), "USD".parse().unwrap());
    let day: NaiveDate = "2021-07-01".parse().unwrap();
    assert_eq!(rate_on(&rates, &eur, &usd, day), Some(dec("1.25")));
    assert_eq!(rate_on(&rates, &usd, &eur, day), Some(dec("0.5")));
}
