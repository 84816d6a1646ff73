use super::*;

fn key() -> SeriesKey {
    "USA/ALL/VEN/encounters".parse().unwrap()
}

fn quoted() -> Quoted {
    Quoted {
        observed: 12_345.0,
        expected: 4_938.0,
        lo95: 3_100.0,
        hi95: 7_020.0,
    }
}

#[test]
fn a_surge_is_explained_in_four_languages_with_the_readers_numbers() {
    let p: Period = "2025-04".parse().unwrap();
    let e = surge(&key(), &p, &quoted(), 3, Basis::Forecast { growth: 0 });
    assert_eq!(
        e.en,
        "Encounters of people from Venezuela in the United States at 12,345 in April 2025 are 2.5× the 4,938 expected (95% range up to 7,020); 3 months running above the usual range"
    );
    assert_eq!(
        e.pt,
        "Encontros (Estados Unidos; nacionalidade: Venezuela): 12.345 em abril de 2025, 2,5 vezes o esperado (4.938; intervalo de 95% até 7.020); 3 meses seguidos acima do intervalo habitual"
    );
    assert_eq!(
        e.fr,
        "Interpellations (États-Unis\u{202F}; nationalité\u{a0}: Venezuela)\u{a0}: 12\u{202F}345 en avril 2025, soit 2,5 fois la valeur attendue (4\u{202F}938\u{202F}; intervalle à 95\u{a0}% jusqu’à 7\u{202F}020)\u{202F}; 3 mois d’affilée au-dessus de la fourchette habituelle"
    );
    assert!(
        e.es.contains("12.345 en abril de 2025, 2,5 veces"),
        "{}",
        e.es
    );
    // A month above the 80% band and inside the 95% one says both.
    let inside = Quoted {
        observed: 6_500.0,
        ..quoted()
    };
    let e = surge(&key(), &p, &inside, 1, Basis::Forecast { growth: 0 });
    assert!(
        e.en.contains(
            "are 1.3× the 4,938 expected (above the 80% range, within the 95% range up to 7,020)"
        ),
        "{}",
        e.en
    );
    assert!(e.fr.contains("au-dessus de l’intervalle à 80\u{a0}%, dans l’intervalle à 95\u{a0}% jusqu’à 7\u{202F}020"), "{}", e.fr);
    // A band's level that also rests on growth over last year says so.
    let both = surge(&key(), &p, &quoted(), 1, Basis::Forecast { growth: 3 });
    assert!(
        both.en.ends_with(
            "(95% range up to 7,020); 3 months running of growth over the same month a year before"
        ),
        "{}",
        both.en
    );
    assert!(both
        .es
        .ends_with("; 3 meses seguidos de crecimiento respecto del mismo mes del año anterior"));
    let growth = surge(&key(), &p, &quoted(), 4, Basis::LastYear(5_000.0));
    assert!(
        growth.pt.contains("do mesmo mês do ano anterior"),
        "{}",
        growth.pt
    );
    assert!(
        growth.fr.contains("3\u{202F}100–7\u{202F}020"),
        "{}",
        growth.fr
    );
}

#[test]
fn a_weekly_or_daily_surge_counts_its_own_periods() {
    let week: Period = "2025-W14".parse().unwrap();
    let e = surge(&key(), &week, &quoted(), 3, Basis::LastYear(5_000.0));
    assert!(
        e.en.contains("at 12,345 in week 14 of 2025 are 2.5× the 5,000 of the same week a year before; 3 weeks running of growth"),
        "{}",
        e.en
    );
    assert!(
        e.es.contains("de la misma semana del año anterior (5000); 3 semanas seguidas"),
        "{}",
        e.es
    );
    assert!(e.pt.contains("3 semanas seguidas"), "{}", e.pt);
    assert!(e.fr.contains("3 semaines d’affilée"), "{}", e.fr);
    let e = surge(&key(), &week, &quoted(), 2, Basis::Forecast { growth: 4 });
    assert!(
        e.en.ends_with("; 2 weeks running above the usual range; 4 weeks running of growth over the same week a year before"),
        "{}",
        e.en
    );
    assert!(
        e.pt.ends_with(
            "4 semanas seguidas de crescimento em relação à mesma semana do ano anterior"
        ),
        "{}",
        e.pt
    );
    let day: Period = "2025-04-03".parse().unwrap();
    let low = Quoted {
        observed: 1_000.0,
        ..quoted()
    };
    let e = surge(&key(), &day, &low, 3, Basis::LastYear(0.0));
    assert!(
        e.en.contains(
            "at 1,000 on 3 April 2025 against none on the same day a week before; 3 days running"
        ) && e.en.contains("but this day is below its forecast"),
        "{}",
        e.en
    );
    assert!(e.fr.contains("mais ce jour reste en deçà"), "{}", e.fr);
    for text in [&e.en, &e.es, &e.pt, &e.fr] {
        for month in [" month", " mes ", " meses", " mês", " mois"] {
            assert!(!text.contains(month), "{text}");
        }
    }
}

#[test]
fn growth_from_nothing_says_so_without_a_ratio() {
    let p: Period = "2023-08".parse().unwrap();
    let e = surge(&key(), &p, &quoted(), 3, Basis::LastYear(0.0));
    for text in [&e.en, &e.es, &e.pt, &e.fr] {
        for ratio in ["×", "veces", "vezes", "fois"] {
            assert!(!text.contains(ratio), "{text}");
        }
    }
    assert!(
        e.en.contains("against none in the same month a year before"),
        "{}",
        e.en
    );
    assert!(e.es.contains("frente a 0 en el mismo mes"), "{}", e.es);
    assert!(e.fr.contains("contre 0 le même mois"), "{}", e.fr);
}

#[test]
fn a_special_code_is_said_as_a_group_not_as_a_country() {
    let p: Period = "2023-04".parse().unwrap();
    let key: SeriesKey = "HND/ALL/XXX/irregular_entries".parse().unwrap();
    let e = surge(&key, &p, &quoted(), 3, Basis::LastYear(109.0));
    assert!(
        e.en.starts_with(
            "Irregular entries of people of unspecified or other nationality in Honduras at 12,345"
        ),
        "{}",
        e.en
    );
    assert!(
        e.es.starts_with(
            "Entradas irregulares de personas de nacionalidad no especificada u otra en Honduras: 12.345"
        ),
        "{}",
        e.es
    );
    assert!(
        e.pt.starts_with(
            "Entradas irregulares (Honduras; nacionalidade não especificada ou outra): 12.345"
        ),
        "{}",
        e.pt
    );
    let stateless: SeriesKey = "PAN/ALL/XXA/irregular_entries".parse().unwrap();
    let e = emergence(&stateless, &p, 12, 60.0, 1.2, 0.0004);
    assert!(
        e.en.starts_with("Irregular entries of stateless people in Panama: 60"),
        "{}",
        e.en
    );
    assert!(
        e.fr.starts_with("Entrées irrégulières (Panama\u{202F}; apatrides)\u{a0}: 60"),
        "{}",
        e.fr
    );
}

#[test]
fn an_emergence_gives_its_share_in_the_readers_decimals() {
    let p: Period = "2023-08".parse().unwrap();
    let e = emergence(&key(), &p, 12, 60.0, 1.2, 0.0004);
    assert!(e.en.contains("60 in August 2023") && e.en.contains("(under 0.1% of"));
    assert!(e.pt.contains("60 em agosto de 2023") && e.pt.contains("(menos de 0,1% do"));
    assert!(e.fr.contains("60 en août 2023") && e.fr.contains("(moins de 0,1\u{a0}% du"));
    let e = emergence(&key(), &p, 12, 60.0, 1.2, 0.0063);
    assert!(e.en.contains("(0.6% of"), "{}", e.en);
    assert!(e.es.contains("(0,6\u{a0}% del"), "{}", e.es);
    let e = emergence(&key(), &p, 12, 60.0, 0.0, 0.0);
    assert!(e.en.contains("(0.0% of"), "{}", e.en);
    assert!(
        e.en.contains("about 0 a month over the past year"),
        "{}",
        e.en
    );
}

#[test]
fn an_emergence_of_weeks_or_days_says_its_own_periods() {
    let week: Period = "2024-W10".parse().unwrap();
    let e = emergence(&key(), &week, 12, 60.0, 1.2, 0.01);
    assert!(
        e.en.contains("a week over the previous 12 weeks"),
        "{}",
        e.en
    );
    assert!(
        e.es.contains("a la semana durante las 12 semanas anteriores"),
        "{}",
        e.es
    );
    assert!(
        e.pt.contains("por semana nas 12 semanas anteriores"),
        "{}",
        e.pt
    );
    assert!(
        e.fr.contains("par semaine sur les 12 semaines précédentes"),
        "{}",
        e.fr
    );
    let day: Period = "2024-03-05".parse().unwrap();
    let e = emergence(&key(), &day, 12, 60.0, 1.2, 0.01);
    assert!(e.en.contains("a day over the previous 12 days"), "{}", e.en);
    assert!(!e.fr.contains("mois"), "{}", e.fr);
}

#[test]
fn a_notice_names_its_months_in_each_language() {
    let n = Notice {
        reporter: "HTI".into(),
        indicator: "irregular_entries".into(),
        kind: Break::Jump,
        months: vec!["2024-11".parse().unwrap(), "2024-12".parse().unwrap()],
        series: vec![key()],
        total: 21_500.0,
        reference: 1_200.0,
        new_series: 0,
    };
    let e = notice(&n);
    assert!(e
        .en
        .starts_with("Figures sent by Haiti for November 2024 to December 2024 jump"));
    assert!(e.pt.starts_with(
        "Os números enviados pelo país informante (Haiti) de novembro de 2024 a dezembro de 2024 saltam"
    ));
    assert!(e.fr.starts_with(
        "Les chiffres envoyés par le pays déclarant (Haïti) pour les mois de novembre 2024 à décembre 2024 bondissent"
    ));
    assert!(e.fr.contains("21\u{202F}500 en décembre 2024"), "{}", e.fr);
    assert_eq!(e.get(Lang::Pt), e.pt);
    // One series is one: no "1 series are", "1 séries".
    assert!(
        e.en.contains("The series concerned is held out"),
        "{}",
        e.en
    );
    assert!(e.es.contains("La serie afectada queda fuera"), "{}", e.es);
    assert!(e.pt.contains("A série afetada fica fora"), "{}", e.pt);
    assert!(e.fr.contains("La série concernée est tenue"), "{}", e.fr);
    let outlier = notice(&Notice {
        kind: Break::Outlier,
        months: vec!["2024-12".parse().unwrap()],
        ..n.clone()
    });
    assert!(
        outlier
            .fr
            .contains("a envoyé 21\u{202F}500 pour décembre 2024"),
        "{}",
        outlier.fr
    );
    assert!(outlier.fr.contains("(1 série)"), "{}", outlier.fr);
    assert!(
        outlier.es.contains("envió 21.500 para diciembre de 2024"),
        "{}",
        outlier.es
    );
    assert!(
        outlier.pt.contains("enviou 21.500 para dezembro de 2024"),
        "{}",
        outlier.pt
    );
    assert!(outlier.es.contains("(1 serie)"), "{}", outlier.es);
    // French elides "de" before a vowel.
    let april = notice(&Notice {
        months: vec!["2025-04".parse().unwrap(), "2025-05".parse().unwrap()],
        ..n.clone()
    });
    assert!(
        april.fr.contains("pour les mois d’avril 2025 à mai 2025"),
        "{}",
        april.fr
    );
    let many = notice(&Notice {
        series: vec![key(), key()],
        new_series: 1,
        ..n
    });
    assert!(
        many.pt.contains("As 2 séries afetadas ficam fora"),
        "{}",
        many.pt
    );
    assert!(
        many.en
            .contains("a nationality appearing for the first time"),
        "{}",
        many.en
    );
}

#[test]
fn a_weekly_notice_names_weeks() {
    let n = Notice {
        reporter: "HTI".into(),
        indicator: "irregular_entries".into(),
        kind: Break::Fall,
        months: vec!["2025-W14".parse().unwrap(), "2025-W15".parse().unwrap()],
        series: vec![key()],
        total: 100.0,
        reference: 1_200.0,
        new_series: 0,
    };
    let e = notice(&n);
    assert!(
        e.en.ends_with("confirms or revises these weeks."),
        "{}",
        e.en
    );
    assert!(
        e.es.ends_with("confirme o revise esas semanas."),
        "{}",
        e.es
    );
    assert!(
        e.pt.contains("nas semanas anteriores") && e.pt.ends_with("essas semanas."),
        "{}",
        e.pt
    );
    assert!(
        e.fr.contains("(Haïti) de la semaine 14 de 2025 à la semaine 15 de 2025 chutent")
            && e.fr.contains(": 100 la semaine 15 de 2025 contre")
            && e.fr.ends_with("ces semaines."),
        "{}",
        e.fr
    );
    // An outlier is sent for its period: "para la semana 14", "para o dia 3".
    let week = notice(&Notice {
        kind: Break::Outlier,
        months: vec!["2025-W14".parse().unwrap()],
        ..n.clone()
    });
    assert!(
        week.es.contains("envió 100 para la semana 14 de 2025,"),
        "{}",
        week.es
    );
    assert!(
        week.pt.contains("enviou 100 para a semana 14 de 2025,"),
        "{}",
        week.pt
    );
    let day = notice(&Notice {
        kind: Break::Outlier,
        months: vec!["2025-04-03".parse().unwrap()],
        ..n
    });
    assert!(
        day.es.contains("envió 100 para el 3 de abril de 2025,"),
        "{}",
        day.es
    );
    assert!(
        day.pt.contains("enviou 100 para o dia 3 de abril de 2025,"),
        "{}",
        day.pt
    );
}

#[test]
fn each_special_code_is_named_as_a_group_in_each_language() {
    let codes = [country::STATELESS, "XXB", "XXC", country::UNSPECIFIED];
    let mut names = std::collections::BTreeSet::new();
    for code in codes {
        for lang in [Lang::En, Lang::Es, Lang::Pt, Lang::Fr] {
            let name = special(code, lang).unwrap_or_else(|| panic!("{code} in {lang:?}"));
            assert!(names.insert(name), "{code} in {lang:?}: {name} twice");
        }
    }
    assert_eq!(special("VEN", Lang::Es), None);
}
