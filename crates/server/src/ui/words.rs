//! The dashboard's words, each in every language it speaks. A word is a
//! [`Word`], never a string key, so that a page cannot ask for a word that
//! has no translation: [`Word::texts`] is one exhaustive `match` whose arms
//! fill every field of [`Texts`], and a new word or a new language fails
//! to build until each of its texts is written.

use corredor_followup::commitment::Assessment;
use corredor_followup::indicator::Status;
use corredor_followup::registry::Role as Standing;
use corredor_model::{AlertKind, AlertStatus, Lang, Level};

/// A word in each language: one field per language.
pub struct Texts {
    pub en: &'static str,
    pub es: &'static str,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Title,
    Map,
    Inbox,
    Scorecard,
    SignIn,
    SignOut,
    SignedInAs,
    PublicView,
    Token,
    TokenHelp,
    BadToken,
    CorridorMap,
    MapDesc,
    Legend,
    NoAlert,
    Watch,
    Warning,
    Emergency,
    Route,
    Alerts,
    NoAlerts,
    Level,
    Kind,
    Surge,
    Emergence,
    DataQuality,
    Priority,
    AlsoSeenAt,
    SeveralNationalities,
    MonthsFlagged,
    SeriesHeld,
    ConfirmMonths,
    ConfirmHelp,
    Place,
    Nationality,
    Period,
    Observed,
    Expected,
    Status,
    Open,
    Acknowledged,
    Escalated,
    Closed,
    Done,
    Downstream,
    ArrivalsAround,
    Additional,
    Range,
    AskedToAcknowledge,
    AcknowledgedBy,
    Acknowledge,
    Comment,
    Escalate,
    Close,
    History,
    Tasks,
    Responsible,
    Deadline,
    Overdue,
    MarkDone,
    Take,
    Series,
    Forecast,
    Band80,
    Band95,
    ObservedLine,
    AlertMark,
    Source,
    Received,
    Model,
    DataTable,
    Coming,
    NothingComing,
    ComingFrom,
    RaisedHere,
    ByPlace,
    NotFound,
    SignInNeeded,
    YourAlerts,
    YourTasks,
    OverdueTasks,
    Reason,
    Simulated,
    Skip,
    View,
    EventOpened,
    EventUpdated,
    EventAcknowledged,
    EventComment,
    EventEscalated,
    EventClosed,
    ScorecardTitle,
    Pillar,
    Pillar1,
    Pillar2,
    Pillar3,
    Pillar4,
    Groups,
    Lead,
    CoLeads,
    Participants,
    Commitments,
    NoCommitments,
    OnTrack,
    AtRisk,
    OffTrack,
    NoData,
    NotAssessable,
    Draft,
    Baseline,
    Target,
    Figures,
    Date,
    Value,
    Path,
    Monitoring,
    NoMonitoring,
    Evidence,
    Pledges,
    Pledged,
    Committed,
    Disbursed,
    Donor,
    Recipient,
    Purpose,
    NoPledges,
    NoRate,
    Countries,
    Mechanisms,
    StandingMember,
    StandingPermanentParticipant,
    StandingObserver,
    Measures,
    NoMeasures,
    Report,
    ReportTitle,
    AsOf,
    Of,
    StatusComputed,
    /// Shown for a word the store holds as text that we do not know.
    Unknown,
}

/// `word` in `lang`.
pub fn t(lang: Lang, word: impl Into<Word>) -> &'static str {
    word.into().texts().get(lang)
}

impl Word {
    pub fn texts(self) -> Texts {
        match self {
            Word::Title => Texts { en: "Corredor: early warning for the Americas", es: "Corredor: alerta temprana para las Américas" },
            Word::Map => Texts { en: "Map", es: "Mapa" },
            Word::Inbox => Texts { en: "Inbox", es: "Bandeja" },
            Word::Scorecard => Texts { en: "Scorecard", es: "Avance" },
            Word::SignIn => Texts { en: "Sign in", es: "Iniciar sesión" },
            Word::SignOut => Texts { en: "Sign out", es: "Cerrar sesión" },
            Word::SignedInAs => Texts { en: "Signed in as", es: "Sesión de" },
            Word::PublicView => Texts { en: "Public view: public data only", es: "Vista pública: solo datos públicos" },
            Word::Token => Texts { en: "Organisation token", es: "Token de la organización" },
            Word::TokenHelp => Texts { en: "The token your secretariat gave your organisation (cor_…).", es: "El token que la secretaría entregó a su organización (cor_…)." },
            Word::BadToken => Texts { en: "This token is not valid.", es: "Este token no es válido." },
            Word::CorridorMap => Texts { en: "The corridor and its alerts", es: "El corredor y sus alertas" },
            Word::MapDesc => Texts { en: "Countries coloured by the highest level of the alerts that concern them; lines are the routes.", es: "Países coloreados según el nivel más alto de las alertas que les conciernen; las líneas son las rutas." },
            Word::Legend => Texts { en: "Legend", es: "Leyenda" },
            Word::NoAlert => Texts { en: "no alert", es: "sin alerta" },
            Word::Watch => Texts { en: "watch", es: "vigilancia" },
            Word::Warning => Texts { en: "warning", es: "advertencia" },
            Word::Emergency => Texts { en: "emergency", es: "emergencia" },
            Word::Route => Texts { en: "route", es: "ruta" },
            Word::Alerts => Texts { en: "Alerts", es: "Alertas" },
            Word::NoAlerts => Texts { en: "No alerts.", es: "No hay alertas." },
            Word::Level => Texts { en: "Level", es: "Nivel" },
            Word::Kind => Texts { en: "Kind", es: "Tipo" },
            Word::Surge => Texts { en: "surge", es: "aumento súbito" },
            Word::Emergence => Texts { en: "emerging nationality", es: "nacionalidad emergente" },
            Word::DataQuality => Texts { en: "data quality notice", es: "aviso de calidad de los datos" },
            Word::Priority => Texts { en: "Priority", es: "Prioridad" },
            Word::AlsoSeenAt => Texts { en: "Also seen at", es: "También observado en" },
            Word::SeveralNationalities => Texts { en: "several nationalities", es: "varias nacionalidades" },
            Word::MonthsFlagged => Texts { en: "Months flagged", es: "Meses señalados" },
            Word::SeriesHeld => Texts { en: "Series held out of the early warning", es: "Series fuera de la alerta temprana" },
            Word::ConfirmMonths => Texts { en: "Confirm these figures", es: "Confirmar estas cifras" },
            Word::ConfirmHelp => Texts { en: "If the figures are right, confirm them: the early warning judges them again. If they are wrong, send the corrected file instead.", es: "Si las cifras son correctas, confírmelas: la alerta temprana las vuelve a evaluar. Si no lo son, envíe en su lugar el archivo corregido." },
            Word::Place => Texts { en: "Place", es: "Lugar" },
            Word::Nationality => Texts { en: "Nationality", es: "Nacionalidad" },
            Word::Period => Texts { en: "Period", es: "Periodo" },
            Word::Observed => Texts { en: "Observed", es: "Observado" },
            Word::Expected => Texts { en: "Expected", es: "Esperado" },
            Word::Status => Texts { en: "Status", es: "Estado" },
            Word::Open => Texts { en: "open", es: "abierta" },
            Word::Acknowledged => Texts { en: "acknowledged", es: "acusada" },
            Word::Escalated => Texts { en: "escalated", es: "escalada" },
            Word::Closed => Texts { en: "closed", es: "cerrada" },
            Word::Done => Texts { en: "done", es: "hecha" },
            Word::Downstream => Texts { en: "Downstream: what to expect", es: "Aguas abajo: qué esperar" },
            Word::ArrivalsAround => Texts { en: "arrivals around", es: "llegadas hacia" },
            Word::Additional => Texts { en: "additional people", es: "personas adicionales" },
            Word::Range => Texts { en: "range", es: "rango" },
            Word::AskedToAcknowledge => Texts { en: "Asked to acknowledge", es: "Deben acusar recibo" },
            Word::AcknowledgedBy => Texts { en: "Acknowledged by", es: "Acusada por" },
            Word::Acknowledge => Texts { en: "Acknowledge", es: "Acusar recibo" },
            Word::Comment => Texts { en: "Comment", es: "Comentar" },
            Word::Escalate => Texts { en: "Escalate", es: "Escalar" },
            Word::Close => Texts { en: "Close", es: "Cerrar" },
            Word::History => Texts { en: "History", es: "Historial" },
            Word::Tasks => Texts { en: "Tasks", es: "Tareas" },
            Word::Responsible => Texts { en: "Responsible", es: "Responsable" },
            Word::Deadline => Texts { en: "Deadline", es: "Plazo" },
            Word::Overdue => Texts { en: "overdue", es: "vencida" },
            Word::MarkDone => Texts { en: "Mark done", es: "Marcar hecha" },
            Word::Take => Texts { en: "Take", es: "Asumir" },
            Word::Series => Texts { en: "Series", es: "Series" },
            Word::Forecast => Texts { en: "Forecast", es: "Pronóstico" },
            Word::Band80 => Texts { en: "80% interval", es: "intervalo del 80 %" },
            Word::Band95 => Texts { en: "95% interval", es: "intervalo del 95 %" },
            Word::ObservedLine => Texts { en: "observed", es: "observado" },
            Word::AlertMark => Texts { en: "alert", es: "alerta" },
            Word::Source => Texts { en: "Source", es: "Fuente" },
            Word::Received => Texts { en: "received", es: "recibido" },
            Word::Model => Texts { en: "Model", es: "Modelo" },
            Word::DataTable => Texts { en: "The figures", es: "Las cifras" },
            Word::Coming => Texts { en: "What is coming, from where, how sure", es: "Qué viene, de dónde, con qué certeza" },
            Word::NothingComing => Texts { en: "No alert upstream points here.", es: "Ninguna alerta aguas arriba apunta aquí." },
            Word::ComingFrom => Texts { en: "From", es: "Desde" },
            Word::RaisedHere => Texts { en: "Alerts raised here", es: "Alertas originadas aquí" },
            Word::ByPlace => Texts { en: "By place", es: "Por lugar" },
            Word::NotFound => Texts { en: "Not found, or not shared with you.", es: "No encontrado, o no compartido con usted." },
            Word::SignInNeeded => Texts { en: "Sign in to see your organisation's inbox.", es: "Inicie sesión para ver la bandeja de su organización." },
            Word::YourAlerts => Texts { en: "Alerts that concern your country", es: "Alertas que conciernen a su país" },
            Word::YourTasks => Texts { en: "Your tasks", es: "Sus tareas" },
            Word::OverdueTasks => Texts { en: "Overdue tasks, all organisations", es: "Tareas vencidas, todas las organizaciones" },
            Word::Reason => Texts { en: "Reason or comment", es: "Motivo o comentario" },
            Word::Simulated => Texts { en: "SIMULATED DATA: a made-up corridor scenario, not real figures.", es: "DATOS SIMULADOS: un escenario de corredor inventado, no son cifras reales." },
            Word::Skip => Texts { en: "Skip to content", es: "Ir al contenido" },
            Word::View => Texts { en: "view", es: "ver" },
            Word::EventOpened => Texts { en: "opened", es: "abierta" },
            Word::EventUpdated => Texts { en: "updated", es: "actualizada" },
            Word::EventAcknowledged => Texts { en: "acknowledged", es: "acusada" },
            Word::EventComment => Texts { en: "comment", es: "comentario" },
            Word::EventEscalated => Texts { en: "escalated", es: "escalada" },
            Word::EventClosed => Texts { en: "closed", es: "cerrada" },
            Word::ScorecardTitle => Texts { en: "Scorecard of the Los Angeles Declaration", es: "Avance de la Declaración de Los Ángeles" },
            Word::Pillar => Texts { en: "Pillar", es: "Pilar" },
            Word::Pillar1 => Texts { en: "Stability and assistance for communities", es: "Estabilidad y asistencia a las comunidades" },
            Word::Pillar2 => Texts { en: "Regular pathways and international protection", es: "Vías regulares y protección internacional" },
            Word::Pillar3 => Texts { en: "Humane migration management", es: "Gestión humana de la migración" },
            Word::Pillar4 => Texts { en: "Coordinated emergency response", es: "Respuesta coordinada a emergencias" },
            Word::Groups => Texts { en: "Working groups", es: "Grupos de trabajo" },
            Word::Lead => Texts { en: "Lead", es: "Liderazgo" },
            Word::CoLeads => Texts { en: "Co-leads", es: "Coliderazgo" },
            Word::Participants => Texts { en: "Participants", es: "Participantes" },
            Word::Commitments => Texts { en: "Commitments", es: "Compromisos" },
            Word::NoCommitments => Texts { en: "No commitments recorded yet.", es: "Aún no hay compromisos registrados." },
            Word::OnTrack => Texts { en: "on track", es: "en curso" },
            Word::AtRisk => Texts { en: "at risk", es: "en riesgo" },
            Word::OffTrack => Texts { en: "off track", es: "desviado" },
            Word::NoData => Texts { en: "no data", es: "sin datos" },
            Word::NotAssessable => Texts { en: "not assessable", es: "no evaluable" },
            Word::Draft => Texts { en: "draft", es: "borrador" },
            Word::Baseline => Texts { en: "Baseline", es: "Línea de base" },
            Word::Target => Texts { en: "Target", es: "Meta" },
            Word::Figures => Texts { en: "Governments' figures", es: "Cifras de los gobiernos" },
            Word::Date => Texts { en: "Date", es: "Fecha" },
            Word::Value => Texts { en: "Value", es: "Valor" },
            Word::Path => Texts { en: "Path to the target", es: "Trayectoria hacia la meta" },
            Word::Monitoring => Texts { en: "Civil society's monitoring", es: "Monitoreo de la sociedad civil" },
            Word::NoMonitoring => Texts { en: "No monitoring report filed.", es: "Sin informes de monitoreo." },
            Word::Evidence => Texts { en: "evidence", es: "evidencia" },
            Word::Pledges => Texts { en: "Pledges and disbursements", es: "Promesas y desembolsos" },
            Word::Pledged => Texts { en: "Pledged", es: "Prometido" },
            Word::Committed => Texts { en: "Committed", es: "Comprometido" },
            Word::Disbursed => Texts { en: "Disbursed", es: "Desembolsado" },
            Word::Donor => Texts { en: "Donor", es: "Donante" },
            Word::Recipient => Texts { en: "Recipient", es: "Destinatario" },
            Word::Purpose => Texts { en: "Purpose", es: "Propósito" },
            Word::NoPledges => Texts { en: "No pledges recorded.", es: "Sin promesas registradas." },
            Word::NoRate => Texts { en: "Totals cannot be converted:", es: "No se pueden convertir los totales:" },
            Word::Countries => Texts { en: "Countries", es: "Países" },
            Word::Mechanisms => Texts { en: "Mechanisms", es: "Mecanismos" },
            Word::StandingMember => Texts { en: "member", es: "miembro" },
            Word::StandingPermanentParticipant => Texts { en: "permanent participant", es: "participante permanente" },
            Word::StandingObserver => Texts { en: "observer", es: "observador" },
            Word::Measures => Texts { en: "National measures against regional commitments", es: "Medidas nacionales contrarias a compromisos regionales" },
            Word::NoMeasures => Texts { en: "None recorded.", es: "Ninguna registrada." },
            Word::Report => Texts { en: "Printable progress report", es: "Informe de avance para imprimir" },
            Word::ReportTitle => Texts { en: "Progress report", es: "Informe de avance" },
            Word::AsOf => Texts { en: "as of", es: "al" },
            Word::Of => Texts { en: "of", es: "de" },
            Word::StatusComputed => Texts { en: "Status is computed from the figures: the latest figure is compared with the straight path from the baseline to the target; up to 10% of the way behind is on track, up to 25% at risk, further off track.", es: "El estado se calcula a partir de las cifras: la última cifra se compara con la trayectoria recta de la línea de base a la meta; hasta un 10% de atraso es en curso, hasta un 25% en riesgo, más es desviado." },
            Word::Unknown => Texts { en: "?", es: "?" },
        }
    }

    /// An event of an alert's history. The store keeps its kind as text,
    /// written by this program but read back unchecked: one it does not
    /// know is shown as unknown rather than failing the page.
    pub fn event(kind: &str) -> Word {
        match kind {
            "opened" => Word::EventOpened,
            "updated" => Word::EventUpdated,
            "acknowledged" => Word::EventAcknowledged,
            "comment" => Word::EventComment,
            "escalated" => Word::EventEscalated,
            "closed" => Word::EventClosed,
            _ => Word::Unknown,
        }
    }

    /// A task's status, which the store keeps as text (see
    /// [`Word::event`] for why an unknown one is not an error).
    pub fn task_status(status: &str) -> Word {
        match status {
            "open" => Word::Open,
            "acknowledged" => Word::Acknowledged,
            "done" => Word::Done,
            _ => Word::Unknown,
        }
    }

    /// The name of a pillar of the declaration. There are four; the
    /// registry's data names them by number, so another number is shown
    /// as unknown.
    pub fn pillar(pillar: u8) -> Word {
        match pillar {
            1 => Word::Pillar1,
            2 => Word::Pillar2,
            3 => Word::Pillar3,
            4 => Word::Pillar4,
            _ => Word::Unknown,
        }
    }
}

impl From<Level> for Word {
    fn from(level: Level) -> Word {
        match level {
            Level::Watch => Word::Watch,
            Level::Warning => Word::Warning,
            Level::Emergency => Word::Emergency,
        }
    }
}

impl From<AlertKind> for Word {
    fn from(kind: AlertKind) -> Word {
        match kind {
            AlertKind::Surge => Word::Surge,
            AlertKind::Emergence => Word::Emergence,
            AlertKind::DataQuality => Word::DataQuality,
        }
    }
}

impl From<AlertStatus> for Word {
    fn from(status: AlertStatus) -> Word {
        match status {
            AlertStatus::Open => Word::Open,
            AlertStatus::Acknowledged => Word::Acknowledged,
            AlertStatus::Escalated => Word::Escalated,
            AlertStatus::Closed => Word::Closed,
        }
    }
}

impl From<Status> for Word {
    fn from(status: Status) -> Word {
        match status {
            Status::OnTrack => Word::OnTrack,
            Status::AtRisk => Word::AtRisk,
            Status::OffTrack => Word::OffTrack,
            Status::NoData => Word::NoData,
        }
    }
}

impl From<Assessment> for Word {
    fn from(assessment: Assessment) -> Word {
        match assessment {
            Assessment::OnTrack => Word::OnTrack,
            Assessment::AtRisk => Word::AtRisk,
            Assessment::OffTrack => Word::OffTrack,
            Assessment::NotAssessable => Word::NotAssessable,
        }
    }
}

impl From<Standing> for Word {
    fn from(standing: Standing) -> Word {
        match standing {
            Standing::Member => Word::StandingMember,
            Standing::PermanentParticipant => Word::StandingPermanentParticipant,
            Standing::Observer => Word::StandingObserver,
        }
    }
}
