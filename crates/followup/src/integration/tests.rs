use super::*;

const UNEMPLOYMENT: &str = "\
geo,birth,sex,educ,t,v
CHL,Foreign-born,Total,Total,2022,7.5
CHL,Native-born,Total,Total,2022,8.25
CHL,Foreign-born,Total,Total,2023,9.0
CHL,Native-born,Total,Total,2023,8.5
CHL,Foreign-born,Female,Total,2023,12.0
CHL,Unknown,Total,Total,2023,3.0
PER,Foreign-born,Total,Basic,2023,4.0
";

const OCCUPATIONS: &str = "\
geo,birth,t,occup,sex,n
CHL,Foreign,2023,isco-08-9,Female,30.0
CHL,Foreign,2023,isco-08-9,Male,10.0
CHL,Foreign,2023,isco-08-2,Female,60.0
CHL,Foreign,2023,isco-08-X,Male,500.0
CHL,Native,2023,isco-08-9,Female,5.0
CHL,Native,2023,isco-08-5,Male,45.0
CHL,Foreign,2023,isco-08-1,Male,0.0
CHL,Foreign,2023,isco-08-3,Male,0.0
CHL,Foreign,2023,isco-08-4,Male,0.0
CHL,Foreign,2023,isco-08-5,Male,0.0
CHL,Foreign,2023,isco-08-6,Male,0.0
CHL,Foreign,2023,isco-08-7,Male,0.0
CHL,Foreign,2023,isco-08-8,Male,0.0
CHL,Native,2023,isco-08-1,Female,0.0
CHL,Native,2023,isco-08-2,Female,0.0
CHL,Native,2023,isco-08-3,Female,0.0
CHL,Native,2023,isco-08-4,Female,0.0
CHL,Native,2023,isco-08-6,Female,0.0
CHL,Native,2023,isco-08-7,Female,0.0
CHL,Native,2023,isco-08-8,Female,0.0
CHL,Total,2023,isco-08-9,Male,99.0
CHL,Foreign,1990,isco-68-Y,Male,7.0
";

const EARNINGS: &str = "\
geo,t,type,status,sex,v
CHL,2022,birth,Foreign,Total,800.0
CHL,2022,birth,Native,Total,1000.0
CHL,2022,citizenship,Foreign,Total,1.0
CHL,2022,birth,Native,Female,900.0
";

/// UN DESA's table: every one of the sixteen groups of each country, year
/// and sex, the ones not given here at 0.
fn stock_table(given: &[(i32, &str, &str, f64)]) -> String {
    let mut out = String::from("geo,var,t,sex,age,n\n");
    let mut years: Vec<(i32, &str)> = given.iter().map(|g| (g.0, g.1)).collect();
    years.dedup();
    for (year, sex) in years {
        for age in corredor_model::age::UNDESA_GROUPS {
            let n = given
                .iter()
                .find(|g| (g.0, g.1, g.2) == (year, sex, age))
                .map_or(0.0, |g| g.3);
            out.push_str(&format!("CHL,immigrants,{year},{sex},{age},{n}\n"));
        }
    }
    out + "CHL,emigrants,2020,total,20-24,7000.0\n"
}

fn stock() -> String {
    stock_table(&[
        (2020, "total", "0-4", 10.0),
        (2020, "total", "15-19", 5.0),
        (2020, "total", "20-24", 100.0),
        (2020, "total", "60-64", 20.0),
        (2020, "total", "65-69", 3.0),
        (2020, "total", "75+", 2.0),
        (2020, "female", "20-24", 55.0),
        (2015, "total", "20-24", 50.0),
    ])
}

fn tables<'a>(u: &'a str, o: &'a str, e: &'a str, s: &'a str) -> Tables<'a> {
    Tables {
        unemployment: ("u.csv", u.as_bytes()),
        occupations: ("o.csv", o.as_bytes()),
        earnings: ("e.csv", e.as_bytes()),
        stock: ("s.csv", s.as_bytes()),
    }
}

fn value(figures: &[Figure], m: Measure, year: i32, sex: Sex, age: AgeBand) -> Option<f64> {
    figures
        .iter()
        .find(|f| f.measure == m && f.year == year && f.sex == sex && f.age == age)
        .map(|f| f.value)
}

#[test]
fn the_figures_are_hand_checked() {
    let figures = parse(&tables(UNEMPLOYMENT, OCCUPATIONS, EARNINGS, &stock())).unwrap();
    let total = |m: Measure, year: i32| value(&figures, m, year, Sex::Total, AgeBand::All);
    assert_eq!(total(Measure::UnemploymentForeignBorn, 2023), Some(9.0));
    assert_eq!(total(Measure::UnemploymentNativeBorn, 2023), Some(8.5));
    assert_eq!(total(Measure::UnemploymentGap, 2023), Some(0.5));
    assert_eq!(total(Measure::UnemploymentGap, 2022), Some(-0.75));
    // Elementary: 40 of the 100 foreign-born classified (X left out), 5 of 50 native-born.
    assert_eq!(total(Measure::ElementaryForeignBorn, 2023), Some(40.0));
    assert_eq!(total(Measure::ElementaryNativeBorn, 2023), Some(10.0));
    assert_eq!(
        total(Measure::ElementaryForeignBorn, 1990),
        None,
        "ISCO-68 only"
    );
    // A year whose table leaves out a group of 1–9 has no share: group 9
    // alone is not 100%, the others without it not 0%.
    for (rows, why) in [
        ("CHL,Foreign,2021,isco-08-9,Male,12.0\n", "group 9 alone"),
        (
            "CHL,Foreign,2021,isco-08-1,Male,5.0\nCHL,Foreign,2021,isco-08-2,Male,5.0\n",
            "no group 9",
        ),
    ] {
        let o = format!("{OCCUPATIONS}{rows}");
        let figures = parse(&tables(UNEMPLOYMENT, &o, EARNINGS, &stock())).unwrap();
        let share = value(
            &figures,
            Measure::ElementaryForeignBorn,
            2021,
            Sex::Total,
            AgeBand::All,
        );
        assert_eq!(share, None, "{why}");
    }
    assert_eq!(total(Measure::EarningsRatio, 2022), Some(80.0));
    // Stock 2020: 140 immigrants, 15 under 20, 120 of working age, 5 older.
    let stock = |sex: Sex, age: AgeBand| value(&figures, Measure::MigrantStock, 2020, sex, age);
    assert_eq!(stock(Sex::Total, AgeBand::All), Some(140.0));
    assert_eq!(stock(Sex::Total, AgeBand::Under20), Some(15.0));
    assert_eq!(stock(Sex::Total, AgeBand::WorkingAge), Some(120.0));
    assert_eq!(stock(Sex::Total, AgeBand::Over64), Some(5.0));
    assert_eq!(stock(Sex::Female, AgeBand::All), Some(55.0));
    assert!(
        figures.iter().all(|f| f.country == "CHL"),
        "PER has no total row"
    );
    assert!(figures
        .iter()
        .filter(|f| f.measure == Measure::MigrantStock)
        .all(|f| f.source.starts_with(UN_DESA) && f.source.ends_with("s.csv")));
}

#[test]
fn each_country_gets_its_latest_year_and_a_country_without_figures_says_so() {
    let figures = parse(&tables(UNEMPLOYMENT, OCCUPATIONS, EARNINGS, &stock())).unwrap();
    let rows = by_country(&figures, &["CHL".to_string(), "HTI".to_string()]);
    let chl = &rows[0];
    assert_eq!(
        chl.unemployment_gap,
        Some(Dated {
            value: 0.5,
            year: 2023
        })
    );
    assert_eq!(
        chl.elementary,
        Some(Comparison {
            year: 2023,
            foreign_born: 40.0,
            native_born: 10.0
        })
    );
    assert_eq!(
        chl.earnings_ratio,
        Some(Dated {
            value: 80.0,
            year: 2022
        })
    );
    let stock = chl.stock.unwrap();
    assert_eq!(
        (stock.year, stock.total, stock.female, stock.male),
        (2020, 140.0, Some(55.0), None)
    );
    assert_eq!(rows[1].country, "HTI");
    assert!(rows[1].is_empty());
}

#[test]
fn the_gap_is_of_the_latest_year_with_both_rates() {
    let u = "geo,birth,sex,educ,t,v\n\
             COL,Foreign-born,Total,Total,2021,10.0\n\
             COL,Native-born,Total,Total,2021,12.0\n\
             COL,Foreign-born,Total,Total,2023,9.0\n";
    let figures = parse(&tables(
        u,
        "geo,birth,t,occup,sex,n\n",
        "geo,t,type,status,sex,v\n",
        "geo,var,t,sex,age,n\n",
    ))
    .unwrap();
    let row = &by_country(&figures, &["COL".to_string()])[0];
    assert_eq!(
        row.unemployment_gap,
        Some(Dated {
            value: -2.0,
            year: 2021
        })
    );
}

#[test]
fn bad_rows_are_refused_with_file_line_and_column_and_nothing_is_kept() {
    let u = "geo,birth,sex,educ,t,v\n\
             CHL,Foreign-born,Total,Total,2023,9.0\n\
             ATL,Foreign-born,Total,Total,2023,9.0\n\
             CHL,Native-born,Total,Total,20x3,8.5\n\
             CHL,Foreign-born,Total,Total,2023,9.5\n\
             CHL,Native-born,Total,Total,2022,140\n";
    let s = "geo,var,t,sex,age,n\nCHL,immigrants,2020,all,0-4,-1\n";
    let problems = parse(&tables(u, OCCUPATIONS, "geo,t,kind\n", s)).unwrap_err();
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        text,
        [
            "u.csv:3:1: geo 'ATL': an ISO 3166-1 alpha-3 code",
            "u.csv:4:5: t '20x3': a year such as 2023",
            "u.csv:5:6: given twice: first at line 2",
            "u.csv:6:6: v '140': a number from 0 to 100, or empty",
            "e.csv:1: the header must be geo,t,type,status,sex,v (found geo,t,kind)",
            "s.csv:2:4: sex 'all': use total, female or male",
            "s.csv:2:6: n '-1': a number, 0 or more, or empty",
        ]
    );
}

#[test]
fn a_row_with_too_few_fields_is_refused_at_its_line() {
    let u = "geo,birth,sex,educ,t,v\nCHL,Foreign-born,Total\n";
    let problems = parse(&tables(u, OCCUPATIONS, EARNINGS, &stock())).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "u.csv:2: this row has 3 fields but the header has 6"
    );
}

#[test]
fn the_americas_are_m49_region_019() {
    assert_eq!(AMERICAS.len(), 57);
    let mut sorted = AMERICAS.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 57, "no code twice");
    assert!(AMERICAS
        .iter()
        .all(|c| corredor_model::country::by_code(c).is_some()));
    assert!(in_americas("MSR") && in_americas("CAN") && !in_americas("ESP"));
}

#[test]
fn a_missing_or_unknown_age_group_makes_no_total() {
    // Fifteen groups: no total rather than one short of a group.
    let full = stock();
    let short: String = full
        .lines()
        .filter(|l| *l != "CHL,immigrants,2020,total,30-34,0")
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(short.lines().count(), full.lines().count() - 1);
    let figures = parse(&tables(UNEMPLOYMENT, OCCUPATIONS, EARNINGS, &short)).unwrap();
    let stock = |sex: Sex| value(&figures, Measure::MigrantStock, 2020, sex, AgeBand::All);
    assert_eq!(stock(Sex::Total), None);
    assert_eq!(stock(Sex::Female), Some(55.0));
    // A group given twice (the sex spelt another way) in place of one
    // missing is refused at its cell, not summed as sixteen groups.
    let twice = full.replace(
        "CHL,immigrants,2020,total,25-29,0\n",
        "CHL,immigrants,2020,Total,20-24,100\n",
    );
    assert_ne!(twice, full);
    let problems = parse(&tables(UNEMPLOYMENT, OCCUPATIONS, EARNINGS, &twice)).unwrap_err();
    assert!(
        problems[0]
            .to_string()
            .contains(":5: CHL 2020 Total age 20-24: given twice"),
        "{}",
        problems[0]
    );
    // A group that is none of the sixteen is refused at its cell.
    let odd = format!("{full}CHL,immigrants,2021,total,20-29,10\n");
    let problems = parse(&tables(UNEMPLOYMENT, OCCUPATIONS, EARNINGS, &odd)).unwrap_err();
    let at = format!("s.csv:{}:5: age '20-29'", full.lines().count() + 1);
    assert!(problems[0].to_string().starts_with(&at), "{}", problems[0]);
}

#[test]
fn an_empty_cell_is_a_gap_and_no_total_is_computed_over_it() {
    let mut s = String::from("geo,var,t,sex,age,n\n");
    for age in corredor_model::age::UNDESA_GROUPS {
        let (total, female) = match age {
            "0-4" => ("", "4.0"),
            "5-9" => ("12.0", "0"),
            _ => ("0", "0"),
        };
        s.push_str(&format!("BES,immigrants,2020,total,{age},{total}\n"));
        s.push_str(&format!("BES,immigrants,2020,female,{age},{female}\n"));
    }
    let o = "geo,birth,t,occup,sex,n\n\
             CAN,Foreign,2019,isco-68-Y,Male,10.0\n\
             CAN,Foreign,2019,isco-68-Y,Male,20.0\n\
             CAN,Foreign,2021,isco-08-9,Male,\n\
             CAN,Foreign,2021,isco-08-1,Male,20.0\n";
    let figures = parse(&tables(UNEMPLOYMENT, o, EARNINGS, &s)).unwrap();
    let stock: Vec<(Sex, AgeBand, f64)> = figures
        .iter()
        .filter(|f| f.country == "BES")
        .map(|f| (f.sex, f.age, f.value))
        .collect();
    assert_eq!(
        stock,
        [
            (Sex::Female, AgeBand::All, 4.0),
            (Sex::Female, AgeBand::Under20, 4.0),
            (Sex::Female, AgeBand::WorkingAge, 0.0),
            (Sex::Female, AgeBand::Over64, 0.0)
        ],
        "no total over an empty age group"
    );
    assert!(
        !figures.iter().any(|f| f.country == "CAN"),
        "ISCO-68 rows repeat and are not used; 2021's share has an empty group"
    );
}

#[test]
fn a_year_outside_the_years_a_figure_may_be_dated_in_is_refused() {
    let u = "geo,birth,sex,educ,t,v\n\
             CHL,Foreign-born,Total,Total,1899,9.0\n\
             CHL,Native-born,Total,Total,2201,8.5\n";
    let problems = parse(&tables(u, OCCUPATIONS, EARNINGS, &stock())).unwrap_err();
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        text,
        [
            "u.csv:2:5: t '1899': a year such as 2023",
            "u.csv:3:5: t '2201': a year such as 2023",
        ]
    );
}
