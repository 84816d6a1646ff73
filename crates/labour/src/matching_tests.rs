use super::*;
use crate::market::{read, Files, MAX_PROBLEMS};
use proptest::prelude::*;

const NEVER: &Stops = &Stops {
    flow: &|| false,
    bound: &|| false,
    search: &|| false,
};

fn market(pathways: &str, workers: &str, vacancies: &str) -> Market {
    read(&Files {
        pathways: ("pathways.csv", pathways.as_bytes()),
        workers: ("workers.csv", workers.as_bytes()),
        vacancies: ("vacancies.csv", vacancies.as_bytes()),
        scores: None,
    })
    .unwrap()
}

const PATHWAYS: &str =
    "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source
H2A,H-2A,MEX;GTM,USA,6;921,2,,,,0,test
CAN,Canada,*,CAN,*,,,,,0,test
";

#[test]
fn a_quota_binds_and_every_worker_and_place_says_why() {
    let workers = "id,nationality,residence,isco,experience_years,languages,skills,consent
a,MEX,MEX,9211,5,es,harvest,yes
b,GTM,GTM,9211,1,es,,yes
c,MEX,MEX,9211,0,es,,yes
d,HND,HND,9211,9,es,,yes
e,MEX,MEX,2512,3,es,,yes
f,MEX,MEX,9211,3,es,,no
";
    let vacancies =
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
farm,E1,USA,9211,5,es,0,harvest,H2A,,
far,E2,CAN,7112,1,,0,,CAN,,
";
    let m = market(PATHWAYS, workers, vacancies);
    let o = solve(&m, NEVER).unwrap();
    // H-2A's quota of 2 lets two of the three eligible in: the two best.
    let matched: Vec<&str> = o.matches.iter().map(|x| x.worker.as_str()).collect();
    assert_eq!(matched, ["a", "b"]);
    assert!(o.gap < 1e-6, "gap {}", o.gap);
    assert!(o.optimal);
    let reason = |w: &str| {
        o.unmatched_workers
            .iter()
            .find(|u| u.worker == w)
            .unwrap()
            .kind
    };
    assert_eq!(reason("c"), "quota_full");
    assert_eq!(reason("d"), "no_pathway");
    assert_eq!(reason("e"), "no_pathway");
    assert_eq!(reason("f"), "no_consent");
    let unfilled = |v: &str| o.unfilled.iter().find(|u| u.vacancy == v).unwrap();
    assert_eq!(unfilled("farm").kind, "quota_full");
    assert_eq!(unfilled("farm").places, 3);
    assert_eq!(unfilled("far").kind, "no_worker");
    assert!(
        o.matches[0].why.contains("pathway H2A"),
        "{}",
        o.matches[0].why
    );
    // What an employer is told names neither nationality nor residence.
    for m in &o.matches {
        let told = super::why_for_employer(&m.why);
        assert!(
            told.starts_with("their occupation 9211 in USA; pathway H2A"),
            "{told}"
        );
        assert!(!told.contains("MEX") && !told.contains("GTM"), "{told}");
    }
}

#[test]
fn an_employer_is_not_told_how_much_of_a_quota_others_took() {
    let why = "HND national in HND, their occupation 9211 in ESP; pathway ESP-HND-CIRC \
               (Circular migration, 2 of its 10 places a year); 3 years of experience \
               (0 asked); 1 of 1 skills; score 0.91";
    let told = super::why_for_employer(why);
    assert_eq!(
        told,
        "their occupation 9211 in ESP; pathway ESP-HND-CIRC (Circular migration); \
         3 years of experience (0 asked); 1 of 1 skills; score 0.91"
    );
    // A pathway whose name says places a year hides nothing the clause
    // says.
    let named = "HND national in HND, x; pathway P (Seasonal, 500 places a year, 3 of its 10 places a year); score 1.00";
    assert_eq!(
        super::why_for_employer(named),
        "x; pathway P (Seasonal, 500 places a year); score 1.00"
    );
    // Without a quota, the why is told as it is.
    assert_eq!(
        super::why_for_employer("A national in B, x; pathway P (Name); score 1.00"),
        "x; pathway P (Name); score 1.00"
    );
}

#[test]
fn outbid_requirements_and_wrong_destination_are_told_apart() {
    let workers = "id,nationality,residence,isco,experience_years,languages,skills,consent
a,MEX,MEX,6111,5,es,,yes
b,MEX,MEX,6111,1,es,,yes
c,MEX,MEX,6112,0,es,,yes
";
    let vacancies =
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
v,E1,USA,6111,1,es,1,,H2A,,
wrong,E1,MEX,6111,1,es,0,,H2A,,
";
    let m = market(PATHWAYS, workers, vacancies);
    let o = solve(&m, NEVER).unwrap();
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].worker, "a");
    let reason = |w: &str| {
        o.unmatched_workers
            .iter()
            .find(|u| u.worker == w)
            .unwrap()
            .kind
    };
    assert_eq!(reason("b"), "outbid");
    assert_eq!(reason("c"), "requirements");
    assert_eq!(o.unfilled[0].kind, "wrong_destination");
}

#[test]
fn a_vacancy_with_more_places_than_eligible_workers_says_too_few() {
    let workers = "id,nationality,residence,isco,experience_years,languages,skills,consent
a,HND,HND,7112,4,es,,yes
b,HND,HND,7112,2,es,,yes
";
    let vacancies =
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
site,E1,CAN,7112,3,,3,,CAN,,
mason,E2,USA,7112,1,,0,,H2A,,
";
    let m = market(PATHWAYS, workers, vacancies);
    let o = solve(&m, NEVER).unwrap();
    // Only a has the three years asked: one of three places filled.
    let matched: Vec<(&str, &str)> = o
        .matches
        .iter()
        .map(|x| (x.worker.as_str(), x.vacancy.as_str()))
        .collect();
    assert_eq!(matched, [("a", "site")]);
    let unfilled = |v: &str| o.unfilled.iter().find(|u| u.vacancy == v).unwrap();
    assert_eq!(unfilled("site").kind, "too_few");
    assert_eq!(unfilled("site").places, 2);
    assert_eq!(
        unfilled("site").reason,
        "too few workers: all 1 eligible are matched (1 here, the rest where they score higher)"
    );
    // The employer is not told how many were eligible.
    let told = crate::matching::unfilled_without_counts("too_few", &unfilled("site").reason);
    assert!(!told.chars().any(|c| c.is_ascii_digit()), "{told}");
    // Bricklayers are not among H-2A's occupations.
    assert_eq!(unfilled("mason").kind, "outside_pathway");
}

/// Small markets: 1–5 workers, 1–3 vacancies under two pathways.
fn tiny() -> impl Strategy<Value = Market> {
    (1usize..=5, 1usize..=3).prop_flat_map(|(n, k)| {
        (
            proptest::collection::vec((0usize..3, 0usize..3, 0u32..6, any::<bool>()), n),
            proptest::collection::vec((0usize..3, 0u32..4, 0usize..2), k),
            proptest::option::of(0u64..4),
        )
            .prop_map(|(ws, vs, quota)| {
                let nat = ["MEX", "GTM", "HND"];
                let occ = ["6111", "6112", "9211"];
                let mut workers = String::from("id,nationality,residence,isco,experience_years,languages,skills,consent\n");
                for (i, (a, o, y, c)) in ws.iter().enumerate() {
                    workers.push_str(&format!(
                        "w{i},{},{},{},{y},es,s{},{}\n",
                        nat[*a],
                        nat[*a],
                        occ[*o],
                        i % 2,
                        if *c { "yes" } else { "no" }
                    ));
                }
                let mut vacancies = String::from("id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n");
                for (j, (o, places, p)) in vs.iter().enumerate() {
                    vacancies.push_str(&format!(
                        "v{j},E,USA,{},{places},es,{},s0,{},,\n",
                        occ[*o],
                        j % 3,
                        ["P", "Q"][*p]
                    ));
                }
                let pathways = format!(
                    "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n\
                     P,P,MEX;GTM,USA,6;92,{},,,,0,t\nQ,Q,*,USA,61,,,,,0,t\n",
                    quota.map(|q| q.to_string()).unwrap_or_default()
                );
                market(&pathways, &workers, &vacancies)
            })
    })
}

/// The best total score over every matching that keeps the rules.
fn brute_force(m: &Market, c: &Candidates) -> f64 {
    fn go(
        i: usize,
        m: &Market,
        c: &Candidates,
        used: &mut Vec<u32>,
        by: &mut Vec<u64>,
        total: f64,
        best: &mut f64,
    ) {
        if i == m.workers.len() {
            *best = best.max(total);
            return;
        }
        go(i + 1, m, c, used, by, total, best);
        let (vs, ss) = c.row(i);
        for (&j, &s) in vs.iter().zip(ss) {
            let j = j as usize;
            let p = m.vacancies[j].pathway;
            if used[j] < m.vacancies[j].places && m.pathways[p].quota.is_none_or(|q| by[p] < q) {
                used[j] += 1;
                by[p] += 1;
                go(i + 1, m, c, used, by, total + s, best);
                used[j] -= 1;
                by[p] -= 1;
            }
        }
    }
    let mut best = 0.0;
    go(
        0,
        m,
        c,
        &mut vec![0; m.vacancies.len()],
        &mut vec![0; m.pathways.len()],
        0.0,
        &mut best,
    );
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// The matching keeps every rule, is no better than the optimum, and
    /// the bound is no lower than it; every worker and empty place has a
    /// reason.
    #[test]
    fn the_matching_is_feasible_and_the_bound_holds(m in tiny()) {
        let c = m.candidates();
        let best = brute_force(&m, &c);
        let o = solve(&m, NEVER).unwrap();
        let mut used = vec![0u32; m.vacancies.len()];
        let mut by = vec![0u64; m.pathways.len()];
        let mut seen = std::collections::HashSet::new();
        for x in &o.matches {
            prop_assert!(seen.insert(x.worker.clone()), "{} twice", x.worker);
            let i = m.workers.iter().position(|w| w.id == x.worker).unwrap();
            let j = m.vacancies.iter().position(|v| v.id == x.vacancy).unwrap();
            prop_assert!(m.fit(i, j).is_ok(), "{} not eligible for {}", x.worker, x.vacancy);
            used[j] += 1;
            by[m.vacancies[j].pathway] += 1;
        }
        for (j, v) in m.vacancies.iter().enumerate() {
            prop_assert!(used[j] <= v.places);
        }
        for (p, pw) in m.pathways.iter().enumerate() {
            prop_assert!(pw.quota.is_none_or(|q| by[p] <= q));
        }
        prop_assert_eq!(o.matches.len() + o.unmatched_workers.len(), m.workers.len());
        prop_assert!(o.objective <= best + 1e-9);
        prop_assert!(o.bound >= best - 1e-9, "bound {} below the optimum {}", o.bound, best);
        prop_assert!(o.unmatched_workers.iter().all(|u| u.kind != "not_reached"));
        // No chain of moves left to gain: the optimum, as enumeration finds it.
        prop_assert!(o.optimal);
        prop_assert!((o.objective - best).abs() < 1e-6, "objective {} below the optimum {}", o.objective, best);
    }
}

/// The market of `PATHWAYS` and these rows of workers, vacancies and
/// scores (each file's header added), or what is said of it.
fn scored(workers: &str, vacancies: &str, scores: &str) -> Result<Market, Vec<String>> {
    let workers = format!(
        "id,nationality,residence,isco,experience_years,languages,skills,consent\n{workers}"
    );
    let vacancies = format!(
        "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n{vacancies}"
    );
    read(&Files {
        pathways: ("pathways.csv", PATHWAYS.as_bytes()),
        workers: ("workers.csv", workers.as_bytes()),
        vacancies: ("vacancies.csv", vacancies.as_bytes()),
        scores: Some((
            "scores.csv",
            format!("worker,vacancy,score\n{scores}").as_bytes(),
        )),
    })
    .map_err(|e| e.0.iter().map(ToString::to_string).collect())
}

#[test]
fn scores_of_any_size_from_a_file_are_matched_without_overflow() {
    let workers = "a,MEX,MEX,9211,5,es,,yes\nb,GTM,GTM,9211,5,es,,yes\n";
    for (low, high) in [("1e300", "2e300"), ("0.00001", "0.00002"), ("0", "0")] {
        let scores = format!("a,farm,{low}\nb,farm,{high}\n");
        let m = scored(workers, "farm,E1,USA,9211,1,es,0,,H2A,,\n", &scores).unwrap();
        let o = solve(&m, NEVER).unwrap();
        assert_eq!(o.matches.len(), 1, "{high}");
        let best: f64 = high.parse().unwrap();
        assert_eq!(o.objective, best, "{high}");
        assert!(o.bound >= best && o.optimal, "{high}: bound {}", o.bound);
        if best > 0.0 {
            assert_eq!(o.matches[0].worker, "b");
        }
    }
}

/// One worker `a` and one vacancy `farm` (of one place under `pathway`),
/// with `rows` as the scores file: the market, or what is said of it.
fn with_scores(pathway: &str, rows: &str) -> Result<Market, Vec<String>> {
    scored(
        "a,MEX,MEX,9211,5,es,,yes\n",
        &format!("farm,E1,USA,9211,1,es,0,,{pathway},,\n"),
        rows,
    )
}

#[test]
fn a_vacancy_left_out_for_its_pathway_is_not_also_unknown_to_the_scores() {
    let said = with_scores("NOWHERE", "a,farm,1\n").unwrap_err();
    assert_eq!(
        said,
        ["vacancies.csv:2:9: no pathway 'NOWHERE' in the pathways file"],
        "{said:#?}"
    );
    // A worker the workers file never names is still unknown.
    let said = with_scores("NOWHERE", "z,farm,1\n").unwrap_err();
    assert!(
        said.iter()
            .any(|m| m.starts_with("scores.csv:2:1: no worker 'z'")),
        "{said:#?}"
    );
}

#[test]
fn a_score_is_a_number_from_zero_up_and_the_problems_listed_are_capped() {
    let read_with = |rows: &str| with_scores("H2A", rows);
    for bad in ["-1", "-0.5", "NaN", "inf", "-inf", "x", ""] {
        let said = read_with(&format!("a,farm,{bad}\n")).unwrap_err();
        assert_eq!(said.len(), 1, "{bad}: {said:?}");
        assert!(said[0].starts_with("scores.csv:2:3:"), "{bad}: {said:?}");
    }
    for good in ["0", "-0", "2.5", "1e300"] {
        assert!(read_with(&format!("a,farm,{good}\n")).is_ok(), "{good}");
    }
    // As many problems as are listed: each one.
    let rows = |n: usize| "a,farm,-1\n".repeat(n);
    let said = read_with(&rows(MAX_PROBLEMS)).unwrap_err();
    assert_eq!(said.len(), MAX_PROBLEMS);
    assert!(!said.iter().any(|s| s.contains("more problems")));
    // More: the last line says how many more, at the last one listed.
    let said = read_with(&rows(MAX_PROBLEMS + 10)).unwrap_err();
    assert_eq!(said.len(), MAX_PROBLEMS + 1);
    assert_eq!(
        said[MAX_PROBLEMS],
        format!("scores.csv:{}:3: … and 10 more problems", MAX_PROBLEMS + 1)
    );
}

#[test]
fn the_quick_matching_takes_the_best_pair_first_and_the_quick_bounds_hold() {
    let m = scored(
        "a,MEX,MEX,9211,5,es,,yes\nb,MEX,MEX,9211,5,es,,yes\n",
        "v1,E1,USA,9211,1,es,0,,H2A,,\nv2,E1,USA,9211,1,es,0,,H2A,,\n",
        "a,v1,2\na,v2,1\nb,v1,1.5\n",
    )
    .unwrap();
    let c = m.candidates();
    // a takes v1 (2), the best pair; b, open to v1 only, is left, though
    // a at v2 and b at v1 (2.5) would score more.
    let quick = greedy::best_first(&m, &c);
    assert_eq!(quick, [Some(0), None]);
    assert_eq!(brute_force(&m, &c), 2.5);
    // Each place with the best score open to it, a counted twice: 3.
    assert_eq!(greedy::bound_by_places(&m, &c), 3.0);
    // A price on a's one match brings the bound to the optimum.
    let bound = greedy::subgradient(&m, &c, objective(&c, &quick), &|| false);
    assert!((bound - 2.5).abs() < 1e-9, "{bound}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// The quick matching keeps every rule and leaves no pair it could
    /// still take; the quick bounds are no lower than the optimum, the
    /// subgradient's no higher than the places'.
    #[test]
    fn the_quick_matching_is_feasible_and_maximal_and_the_quick_bounds_hold(m in tiny()) {
        let c = m.candidates();
        let best = brute_force(&m, &c);
        let at = greedy::best_first(&m, &c);
        let mut used = vec![0u32; m.vacancies.len()];
        let mut by = vec![0u64; m.pathways.len()];
        for (i, j) in at.iter().enumerate() {
            if let Some(j) = *j {
                prop_assert!(c.get(i, j).is_some(), "{} at {} is no candidate pair", i, j);
                used[j] += 1;
                by[m.vacancies[j].pathway] += 1;
            }
        }
        let room = |j: usize, used: &[u32], by: &[u64]| {
            let p = m.vacancies[j].pathway;
            used[j] < m.vacancies[j].places && m.pathways[p].quota.is_none_or(|q| by[p] < q)
        };
        for (j, v) in m.vacancies.iter().enumerate() {
            prop_assert!(used[j] <= v.places);
        }
        for (p, pw) in m.pathways.iter().enumerate() {
            prop_assert!(pw.quota.is_none_or(|q| by[p] <= q));
        }
        for (i, j) in at.iter().enumerate() {
            if j.is_none() {
                let (vs, _) = c.row(i);
                prop_assert!(vs.iter().all(|&j| !room(j as usize, &used, &by)), "worker {} left beside room", i);
            }
        }
        let value = objective(&c, &at);
        prop_assert!(value <= best + 1e-9);
        let places = greedy::bound_by_places(&m, &c);
        prop_assert!(places >= best - 1e-9, "places' bound {} below {}", places, best);
        let sub = greedy::subgradient(&m, &c, value, &|| false);
        prop_assert!(sub >= best - 1e-9, "subgradient bound {} below {}", sub, best);
        prop_assert!(sub <= places + 1e-9, "subgradient bound {} above {}", sub, places);
    }
}
