//! The dashboard's words in English and Spanish, and numbers and dates as
//! each language writes them. A missing translation is a compile error: each
//! key is a match arm with both languages.

use corredor_model::Lang;

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Es => "es",
    }
}

/// The language of a request: the `lang` cookie, else the first of
/// `Accept-Language` we speak, else English.
pub fn negotiate(cookie: Option<&str>, accept: Option<&str>) -> Lang {
    match cookie {
        Some("es") => return Lang::Es,
        Some("en") => return Lang::En,
        _ => {}
    }
    if let Some(accept) = accept {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut it = part.trim().split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            let lang = if tag.starts_with("es") {
                Lang::Es
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        if let Some((_, l)) = best {
            return l;
        }
    }
    Lang::En
}

pub fn t(lang: Lang, key: &str) -> &'static str {
    let (en, es) = match key {
        "title" => ("Corredor: early warning for the Americas", "Corredor: alerta temprana para las Américas"),
        "map" => ("Map", "Mapa"),
        "inbox" => ("Inbox", "Bandeja"),
        "scorecard" => ("Scorecard", "Avance"),
        "sign_in" => ("Sign in", "Iniciar sesión"),
        "sign_out" => ("Sign out", "Cerrar sesión"),
        "signed_in_as" => ("Signed in as", "Sesión de"),
        "public_view" => ("Public view: public data only", "Vista pública: solo datos públicos"),
        "token" => ("Organisation token", "Token de la organización"),
        "token_help" => ("The token your secretariat gave your organisation (cor_…).", "El token que la secretaría entregó a su organización (cor_…)."),
        "bad_token" => ("This token is not valid.", "Este token no es válido."),
        "corridor_map" => ("The corridor and its alerts", "El corredor y sus alertas"),
        "map_desc" => ("Countries coloured by the highest level of the alerts that concern them; lines are the routes.", "Países coloreados según el nivel más alto de las alertas que les conciernen; las líneas son las rutas."),
        "legend" => ("Legend", "Leyenda"),
        "no_alert" => ("no alert", "sin alerta"),
        "watch" => ("watch", "vigilancia"),
        "warning" => ("warning", "advertencia"),
        "emergency" => ("emergency", "emergencia"),
        "route" => ("route", "ruta"),
        "alerts" => ("Alerts", "Alertas"),
        "no_alerts" => ("No alerts.", "No hay alertas."),
        "level" => ("Level", "Nivel"),
        "kind" => ("Kind", "Tipo"),
        "surge" => ("surge", "aumento súbito"),
        "emergence" => ("emerging nationality", "nacionalidad emergente"),
        "place" => ("Place", "Lugar"),
        "nationality" => ("Nationality", "Nacionalidad"),
        "period" => ("Period", "Periodo"),
        "observed" => ("Observed", "Observado"),
        "expected" => ("Expected", "Esperado"),
        "status" => ("Status", "Estado"),
        "open" => ("open", "abierta"),
        "acknowledged" => ("acknowledged", "acusada"),
        "escalated" => ("escalated", "escalada"),
        "closed" => ("closed", "cerrada"),
        "done" => ("done", "hecha"),
        "downstream" => ("Downstream: what to expect", "Aguas abajo: qué esperar"),
        "arrivals_around" => ("arrivals around", "llegadas hacia"),
        "additional" => ("additional people", "personas adicionales"),
        "range" => ("range", "rango"),
        "affected" => ("Asked to acknowledge", "Deben acusar recibo"),
        "acknowledged_by" => ("Acknowledged by", "Acusada por"),
        "acknowledge" => ("Acknowledge", "Acusar recibo"),
        "comment" => ("Comment", "Comentar"),
        "escalate" => ("Escalate", "Escalar"),
        "close" => ("Close", "Cerrar"),
        "history" => ("History", "Historial"),
        "tasks" => ("Tasks", "Tareas"),
        "responsible" => ("Responsible", "Responsable"),
        "deadline" => ("Deadline", "Plazo"),
        "overdue" => ("overdue", "vencida"),
        "complete" => ("Mark done", "Marcar hecha"),
        "take" => ("Take", "Asumir"),
        "series" => ("Series", "Series"),
        "latest" => ("Latest", "Último"),
        "forecast" => ("Forecast", "Pronóstico"),
        "band80" => ("80% interval", "intervalo del 80 %"),
        "band95" => ("95% interval", "intervalo del 95 %"),
        "observed_line" => ("observed", "observado"),
        "alert_mark" => ("alert", "alerta"),
        "source" => ("Source", "Fuente"),
        "received" => ("received", "recibido"),
        "model" => ("Model", "Modelo"),
        "data_table" => ("The figures", "Las cifras"),
        "coming" => ("What is coming, from where, how sure", "Qué viene, de dónde, con qué certeza"),
        "nothing_coming" => ("No alert upstream points here.", "Ninguna alerta aguas arriba apunta aquí."),
        "from" => ("From", "Desde"),
        "here" => ("Alerts raised here", "Alertas originadas aquí"),
        "by_place" => ("By place", "Por lugar"),
        "not_found" => ("Not found, or not shared with you.", "No encontrado, o no compartido con usted."),
        "sign_in_needed" => ("Sign in to see your organisation's inbox.", "Inicie sesión para ver la bandeja de su organización."),
        "your_alerts" => ("Alerts that concern your country", "Alertas que conciernen a su país"),
        "your_tasks" => ("Your tasks", "Sus tareas"),
        "overdue_tasks" => ("Overdue tasks, all organisations", "Tareas vencidas, todas las organizaciones"),
        "reason" => ("Reason or comment", "Motivo o comentario"),
        "send" => ("Send", "Enviar"),
        "language" => ("Language", "Idioma"),
        "countries" => ("Countries", "Países"),
        "simulated" => ("SIMULATED DATA: a made-up corridor scenario, not real figures.", "DATOS SIMULADOS: un escenario de corredor inventado, no son cifras reales."),
        "skip" => ("Skip to content", "Ir al contenido"),
        "view" => ("view", "ver"),
        "ev_opened" => ("opened", "abierta"),
        "ev_updated" => ("updated", "actualizada"),
        "ev_acknowledged" => ("acknowledged", "acusada"),
        "ev_comment" => ("comment", "comentario"),
        "ev_escalated" => ("escalated", "escalada"),
        "ev_closed" => ("closed", "cerrada"),
        _ => ("?", "?"),
    };
    match lang {
        Lang::En => en,
        Lang::Es => es,
    }
}

pub fn number(v: f64, lang: Lang) -> String {
    corredor_warning::detect::number(v, lang)
}

pub fn period(p: &corredor_model::Period, lang: Lang) -> String {
    corredor_warning::detect::month_name(p, lang)
}

/// A stored instant as a date: "1 June 2025", "1 de junio de 2025".
pub fn date(instant: &str, lang: Lang) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(instant) else {
        return instant.to_string();
    };
    let d = t.date_naive();
    use chrono::Datelike;
    let month = corredor_model::Period::month(d.year(), d.month())
        .map(|p| period(&p, lang))
        .unwrap_or_default();
    match lang {
        Lang::En => format!("{} {month}", d.day()),
        Lang::Es => format!("{} de {month}", d.day()),
    }
}

pub fn country(code: &str, lang: Lang) -> String {
    corredor_model::country::by_code(code)
        .map(|c| c.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_negotiated() {
        assert_eq!(negotiate(None, Some("es-HN,es;q=0.9,en;q=0.8")), Lang::Es);
        assert_eq!(negotiate(None, Some("fr-CA, en;q=0.5, es;q=0.4")), Lang::En);
        assert_eq!(negotiate(Some("es"), Some("en")), Lang::Es);
        assert_eq!(negotiate(None, None), Lang::En);
    }

    proptest::proptest! {
        /// Any header a browser (or anyone) sends gives a language.
        #[test]
        fn any_accept_language_is_understood(a in "\\PC{0,80}", c in "\\PC{0,8}") {
            let _ = negotiate(Some(&c), Some(&a));
            let _ = date(&a, Lang::Es);
        }
    }

    #[test]
    fn dates_and_numbers_per_language() {
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::En), "1 June 2025");
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::Es), "1 de junio de 2025");
        assert_eq!(number(1234567.0, Lang::Es), "1.234.567");
        assert_eq!(number(1234567.0, Lang::En), "1,234,567");
    }
}
