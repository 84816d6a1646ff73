//! The dashboard's words, each in every language it speaks. A word is a
//! [`Word`], never a string key, so that a page cannot ask for a word that
//! has no translation: [`Word::texts`] is one exhaustive `match` whose arms
//! fill every field of [`Texts`], and a new word or a new language fails
//! to build until each of its texts is written.

use corredor_followup::commitment::Assessment;
use corredor_followup::indicator::Status;
use corredor_followup::registry::Role as Standing;
use corredor_model::{AlertKind, AlertStatus, Lang, Level, Role};
use corredor_warning::ModelKind;

/// A word in each language: one field per language.
pub struct Texts {
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
    pub fr: &'static str,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
            Lang::Pt => self.pt,
            Lang::Fr => self.fr,
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
    Alert,
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
    ActiveAlerts,
    RoleSecretariat,
    RoleAnalyst,
    RoleParticipant,
    RoleObserver,
    RolePublic,
    RoleOperator,
    YourTasks,
    OverdueTasks,
    Reason,
    Simulated,
    Skip,
    Language,
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
    Stale,
    StaleHelp,
    StaleData,
    LatestMonth,
    Totals,
    TotalsHelp,
    Change,
    Download,
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
    Sharing,
    AmericasKey,
    AmericasKeyHelp,
    NoKeyPublished,
    Published,
    Share,
    Persons,
    YearOfFigure,
    Gap,
    Population,
    Gdp,
    Unemployment,
    HostedPer1000,
    CapacityReported,
    CapacityHelp,
    NoCapacity,
    ReceptionPlaces,
    ShelterBeds,
    Staff,
    BudgetUsd,
    SumOfSites,
    NoRecentData,
    RegionalRule,
    CountriesCount,
    ByCountry,
    Lagging,
    Reporter,
    Latest,
    CountryNotStated,
    Integration,
    IntegrationHelp,
    UnemploymentGap,
    Elementary,
    EarningsRatio,
    Immigrants,
    Women,
    Under20,
    NoFigure,
    ForeignNative,
    /// Shown for a word the store holds as text that we do not know.
    Unknown,
    ModelNaive,
    ModelSeasonalNaive,
    ModelSes,
    ModelDamped,
    ModelTheta,
    ModelCombination,
    StepFlag,
    StepReply,
    StepRuling,
    OutcomeContradicts,
    OutcomeConsistent,
    ExpectedOutcomes,
    NoCharter,
    TakesPart,
    GroupJoins,
    GroupLeaves,
    GroupTakesLead,
    GroupCoLeads,
    Meetings,
    NoMeetings,
    GroupJson,
}

impl From<corredor_model::CapacityKind> for Word {
    fn from(k: corredor_model::CapacityKind) -> Word {
        use corredor_model::CapacityKind;
        match k {
            CapacityKind::ReceptionPlaces => Word::ReceptionPlaces,
            CapacityKind::ShelterBeds => Word::ShelterBeds,
            CapacityKind::Staff => Word::Staff,
            CapacityKind::BudgetUsd => Word::BudgetUsd,
        }
    }
}

/// `word` in `lang`.
pub fn t(lang: Lang, word: impl Into<Word>) -> &'static str {
    word.into().texts().get(lang)
}

impl Word {
    pub fn texts(self) -> Texts {
        match self {
            Word::Title => Texts { en: "Corredor: early warning for the Americas", es: "Corredor: alerta temprana para las Américas", pt: "Corredor: alerta antecipado para as Américas", fr: "Corredor : alerte précoce pour les Amériques" },
            Word::Map => Texts { en: "Map", es: "Mapa", pt: "Mapa", fr: "Carte" },
            Word::Inbox => Texts { en: "Inbox", es: "Bandeja", pt: "Caixa de entrada", fr: "Boîte de réception" },
            Word::Scorecard => Texts { en: "Scorecard", es: "Avance", pt: "Avanços", fr: "Bilan" },
            Word::SignIn => Texts { en: "Sign in", es: "Iniciar sesión", pt: "Entrar", fr: "Se connecter" },
            Word::SignOut => Texts { en: "Sign out", es: "Cerrar sesión", pt: "Sair", fr: "Se déconnecter" },
            Word::SignedInAs => Texts { en: "Signed in as", es: "Sesión de", pt: "Sessão de", fr: "Connecté en tant que" },
            Word::PublicView => Texts { en: "Public view: public data only", es: "Vista pública: solo datos públicos", pt: "Visão pública: apenas dados públicos", fr: "Vue publique : données publiques uniquement" },
            Word::Token => Texts { en: "Organisation token", es: "Token de la organización", pt: "Token da organização", fr: "Jeton de l’organisation" },
            Word::TokenHelp => Texts { en: "The token your secretariat gave your organisation (cor_…).", es: "El token que la secretaría entregó a su organización (cor_…).", pt: "O token que a secretaria entregou à sua organização (cor_…).", fr: "Le jeton que le secrétariat a remis à votre organisation (cor_…)." },
            Word::BadToken => Texts { en: "This token is not valid.", es: "Este token no es válido.", pt: "Este token não é válido.", fr: "Ce jeton n’est pas valide." },
            Word::CorridorMap => Texts { en: "The corridor and its alerts", es: "El corredor y sus alertas", pt: "O corredor e seus alertas", fr: "Le corridor et ses alertes" },
            Word::MapDesc => Texts { en: "Countries coloured by the highest level of the alerts that concern them; lines are the routes.", es: "Países coloreados según el nivel más alto de las alertas que les conciernen; las líneas son las rutas.", pt: "Países coloridos segundo o nível mais alto dos alertas que lhes dizem respeito; as linhas são as rotas.", fr: "Pays colorés selon le niveau le plus élevé des alertes qui les concernent ; les lignes sont les routes." },
            Word::Legend => Texts { en: "Legend", es: "Leyenda", pt: "Legenda", fr: "Légende" },
            Word::NoAlert => Texts { en: "no alert", es: "sin alerta", pt: "sem alerta", fr: "aucune alerte" },
            Word::Watch => Texts { en: "watch", es: "vigilancia", pt: "vigilância", fr: "vigilance" },
            Word::Warning => Texts { en: "warning", es: "advertencia", pt: "advertência", fr: "avertissement" },
            Word::Emergency => Texts { en: "emergency", es: "emergencia", pt: "emergência", fr: "urgence" },
            Word::Route => Texts { en: "route", es: "ruta", pt: "rota", fr: "route" },
            Word::Alerts => Texts { en: "Alerts", es: "Alertas", pt: "Alertas", fr: "Alertes" },
            Word::Alert => Texts { en: "Alert", es: "Alerta", pt: "Alerta", fr: "Alerte" },
            Word::NoAlerts => Texts { en: "No alerts.", es: "No hay alertas.", pt: "Não há alertas.", fr: "Aucune alerte." },
            Word::Level => Texts { en: "Level", es: "Nivel", pt: "Nível", fr: "Niveau" },
            Word::Kind => Texts { en: "Kind", es: "Tipo", pt: "Tipo", fr: "Type" },
            Word::Surge => Texts { en: "surge", es: "aumento súbito", pt: "aumento súbito", fr: "hausse soudaine" },
            Word::Emergence => Texts { en: "emerging nationality", es: "nacionalidad emergente", pt: "nacionalidade emergente", fr: "nationalité émergente" },
            Word::DataQuality => Texts { en: "data quality notice", es: "aviso de calidad de los datos", pt: "aviso de qualidade dos dados", fr: "avis sur la qualité des données" },
            Word::Priority => Texts { en: "Priority", es: "Prioridad", pt: "Prioridade", fr: "Priorité" },
            Word::AlsoSeenAt => Texts { en: "Also seen at", es: "También observado en", pt: "Também observado em", fr: "Également observé à" },
            Word::SeveralNationalities => Texts { en: "several nationalities", es: "varias nacionalidades", pt: "várias nacionalidades", fr: "plusieurs nationalités" },
            Word::MonthsFlagged => Texts { en: "Months flagged", es: "Meses señalados", pt: "Meses sinalizados", fr: "Mois signalés" },
            Word::SeriesHeld => Texts { en: "Series held out of the early warning", es: "Series fuera de la alerta temprana", pt: "Séries fora do alerta antecipado", fr: "Séries tenues à l’écart de l’alerte précoce" },
            Word::ConfirmMonths => Texts { en: "Confirm these figures", es: "Confirmar estas cifras", pt: "Confirmar estes números", fr: "Confirmer ces chiffres" },
            Word::ConfirmHelp => Texts { en: "If the figures are right, confirm them: the early warning judges them again. If they are wrong, send the corrected file instead.", es: "Si las cifras son correctas, confírmelas: la alerta temprana las vuelve a evaluar. Si no lo son, envíe en su lugar el archivo corregido.", pt: "Se os números estiverem corretos, confirme-os: o alerta antecipado volta a avaliá-los. Se não estiverem, envie em seu lugar o arquivo corrigido.", fr: "Si les chiffres sont exacts, confirmez-les : l’alerte précoce les évalue de nouveau. S’ils sont erronés, envoyez plutôt le fichier corrigé." },
            Word::Place => Texts { en: "Place", es: "Lugar", pt: "Local", fr: "Lieu" },
            Word::Nationality => Texts { en: "Nationality", es: "Nacionalidad", pt: "Nacionalidade", fr: "Nationalité" },
            Word::Period => Texts { en: "Period", es: "Periodo", pt: "Período", fr: "Période" },
            Word::Observed => Texts { en: "Observed", es: "Observado", pt: "Observado", fr: "Observé" },
            Word::Expected => Texts { en: "Expected", es: "Esperado", pt: "Esperado", fr: "Attendu" },
            Word::Status => Texts { en: "Status", es: "Estado", pt: "Situação", fr: "État" },
            Word::Open => Texts { en: "open", es: "abierta", pt: "em aberto", fr: "ouverte" },
            Word::Acknowledged => Texts { en: "acknowledged", es: "acusada", pt: "recebimento confirmado", fr: "réception accusée" },
            Word::Escalated => Texts { en: "escalated", es: "escalada", pt: "escalonado", fr: "remontée" },
            Word::Closed => Texts { en: "closed", es: "cerrada", pt: "encerrado", fr: "clôturée" },
            Word::Done => Texts { en: "done", es: "hecha", pt: "concluída", fr: "faite" },
            Word::Downstream => Texts { en: "Downstream: what to expect", es: "Aguas abajo: qué esperar", pt: "A jusante: o que esperar", fr: "En aval : à quoi s’attendre" },
            Word::ArrivalsAround => Texts { en: "arrivals around", es: "llegadas hacia", pt: "chegadas por volta de", fr: "arrivées vers" },
            Word::Additional => Texts { en: "additional people", es: "personas adicionales", pt: "pessoas adicionais", fr: "personnes supplémentaires" },
            Word::Range => Texts { en: "range", es: "rango", pt: "intervalo", fr: "fourchette" },
            Word::AskedToAcknowledge => Texts { en: "Asked to acknowledge", es: "Deben acusar recibo", pt: "Devem confirmar o recebimento", fr: "Doivent accuser réception" },
            Word::AcknowledgedBy => Texts { en: "Acknowledged by", es: "Acusada por", pt: "Recebimento confirmado por", fr: "Réception accusée par" },
            Word::Acknowledge => Texts { en: "Acknowledge", es: "Acusar recibo", pt: "Confirmar recebimento", fr: "Accuser réception" },
            Word::Comment => Texts { en: "Comment", es: "Comentar", pt: "Comentar", fr: "Commenter" },
            Word::Escalate => Texts { en: "Escalate", es: "Escalar", pt: "Escalonar", fr: "Faire remonter" },
            Word::Close => Texts { en: "Close", es: "Cerrar", pt: "Encerrar", fr: "Clôturer" },
            Word::History => Texts { en: "History", es: "Historial", pt: "Histórico", fr: "Historique" },
            Word::Tasks => Texts { en: "Tasks", es: "Tareas", pt: "Tarefas", fr: "Tâches" },
            Word::Responsible => Texts { en: "Responsible", es: "Responsable", pt: "Responsável", fr: "Responsable" },
            Word::Deadline => Texts { en: "Deadline", es: "Plazo", pt: "Prazo", fr: "Échéance" },
            Word::Overdue => Texts { en: "overdue", es: "vencida", pt: "atrasada", fr: "en retard" },
            Word::MarkDone => Texts { en: "Mark done", es: "Marcar hecha", pt: "Marcar como concluída", fr: "Marquer comme faite" },
            Word::Take => Texts { en: "Take", es: "Asumir", pt: "Assumir", fr: "Prendre en charge" },
            Word::Series => Texts { en: "Series", es: "Series", pt: "Séries", fr: "Séries" },
            Word::Forecast => Texts { en: "Forecast", es: "Pronóstico", pt: "Previsão", fr: "Prévision" },
            Word::Band80 => Texts { en: "80% interval", es: "intervalo del 80 %", pt: "intervalo de 80%", fr: "intervalle à 80 %" },
            Word::Band95 => Texts { en: "95% interval", es: "intervalo del 95 %", pt: "intervalo de 95%", fr: "intervalle à 95 %" },
            Word::ObservedLine => Texts { en: "observed", es: "observado", pt: "observado", fr: "observé" },
            Word::AlertMark => Texts { en: "alert", es: "alerta", pt: "alerta", fr: "alerte" },
            Word::Source => Texts { en: "Source", es: "Fuente", pt: "Fonte", fr: "Source" },
            Word::Received => Texts { en: "received", es: "recibido", pt: "recebido", fr: "reçu" },
            Word::Model => Texts { en: "Model", es: "Modelo", pt: "Modelo", fr: "Modèle" },
            Word::DataTable => Texts { en: "The figures", es: "Las cifras", pt: "Os números", fr: "Les chiffres" },
            Word::Coming => Texts { en: "What is coming, from where, how sure", es: "Qué viene, de dónde, con qué certeza", pt: "O que vem, de onde, com que certeza", fr: "Ce qui arrive, d’où, avec quelle certitude" },
            Word::NothingComing => Texts { en: "No alert upstream points here.", es: "Ninguna alerta aguas arriba apunta aquí.", pt: "Nenhum alerta a montante aponta para cá.", fr: "Aucune alerte en amont ne pointe ici." },
            Word::ComingFrom => Texts { en: "From", es: "Desde", pt: "Vindo de", fr: "En provenance de" },
            Word::RaisedHere => Texts { en: "Alerts raised here", es: "Alertas originadas aquí", pt: "Alertas originados aqui", fr: "Alertes émises ici" },
            Word::ByPlace => Texts { en: "By place", es: "Por lugar", pt: "Por local", fr: "Par lieu" },
            Word::NotFound => Texts { en: "Not found, or not shared with you.", es: "No encontrado, o no compartido con usted.", pt: "Não encontrado, ou não compartilhado com você.", fr: "Introuvable, ou non partagé avec vous." },
            Word::SignInNeeded => Texts { en: "Sign in to see your organisation's inbox.", es: "Inicie sesión para ver la bandeja de su organización.", pt: "Entre para ver a caixa de entrada da sua organização.", fr: "Connectez-vous pour voir la boîte de réception de votre organisation." },
            Word::YourAlerts => Texts { en: "Alerts that concern your country", es: "Alertas que conciernen a su país", pt: "Alertas que dizem respeito ao seu país", fr: "Alertes qui concernent votre pays" },
            Word::ActiveAlerts => Texts { en: "Open and escalated alerts", es: "Alertas abiertas y escaladas", pt: "Alertas abertos e escalados", fr: "Alertes ouvertes et escaladées" },
            Word::RoleSecretariat => Texts { en: "secretariat", es: "secretaría", pt: "secretaria", fr: "secrétariat" },
            Word::RoleAnalyst => Texts { en: "analyst", es: "analista", pt: "analista", fr: "analyste" },
            Word::RoleParticipant => Texts { en: "participant", es: "participante", pt: "participante", fr: "participant" },
            Word::RoleObserver => Texts { en: "observer", es: "observador", pt: "observador", fr: "observateur" },
            Word::RolePublic => Texts { en: "public", es: "público", pt: "público", fr: "public" },
            Word::RoleOperator => Texts { en: "operator", es: "operador", pt: "operador", fr: "opérateur" },
            Word::YourTasks => Texts { en: "Your tasks", es: "Sus tareas", pt: "Suas tarefas", fr: "Vos tâches" },
            Word::OverdueTasks => Texts { en: "Overdue tasks, all organisations", es: "Tareas vencidas, todas las organizaciones", pt: "Tarefas atrasadas, todas as organizações", fr: "Tâches en retard, toutes organisations" },
            Word::Reason => Texts { en: "Reason or comment", es: "Motivo o comentario", pt: "Motivo ou comentário", fr: "Motif ou commentaire" },
            Word::Simulated => Texts { en: "SIMULATED DATA: a made-up corridor scenario, not real figures.", es: "DATOS SIMULADOS: un escenario de corredor inventado, no son cifras reales.", pt: "DADOS SIMULADOS: um cenário de corredor inventado, não são números reais.", fr: "DONNÉES SIMULÉES : un scénario de corridor inventé, pas des chiffres réels." },
            Word::Skip => Texts { en: "Skip to content", es: "Ir al contenido", pt: "Ir para o conteúdo", fr: "Aller au contenu" },
            Word::Language => Texts { en: "Language", es: "Idioma", pt: "Idioma", fr: "Langue" },
            Word::View => Texts { en: "view", es: "ver", pt: "ver", fr: "voir" },
            Word::EventOpened => Texts { en: "opened", es: "abierta", pt: "aberto", fr: "ouverte" },
            Word::EventUpdated => Texts { en: "updated", es: "actualizada", pt: "atualizado", fr: "mise à jour" },
            Word::EventAcknowledged => Texts { en: "acknowledged", es: "acusada", pt: "recebimento confirmado", fr: "réception accusée" },
            Word::EventComment => Texts { en: "comment", es: "comentario", pt: "comentário", fr: "commentaire" },
            Word::EventEscalated => Texts { en: "escalated", es: "escalada", pt: "escalonado", fr: "remontée" },
            Word::EventClosed => Texts { en: "closed", es: "cerrada", pt: "encerrado", fr: "clôturée" },
            Word::ScorecardTitle => Texts { en: "Scorecard of the Los Angeles Declaration", es: "Avance de la Declaración de Los Ángeles", pt: "Avanços da Declaração de Los Angeles", fr: "Bilan de la Déclaration de Los Angeles" },
            Word::Pillar => Texts { en: "Pillar", es: "Pilar", pt: "Pilar", fr: "Pilier" },
            Word::Pillar1 => Texts { en: "Stability and assistance for communities", es: "Estabilidad y asistencia a las comunidades", pt: "Estabilidade e assistência às comunidades", fr: "Stabilité et assistance aux communautés" },
            Word::Pillar2 => Texts { en: "Regular pathways and international protection", es: "Vías regulares y protección internacional", pt: "Vias regulares e proteção internacional", fr: "Voies régulières et protection internationale" },
            Word::Pillar3 => Texts { en: "Humane migration management", es: "Gestión humana de la migración", pt: "Gestão humana da migração", fr: "Gestion humaine des migrations" },
            Word::Pillar4 => Texts { en: "Coordinated emergency response", es: "Respuesta coordinada a emergencias", pt: "Resposta coordenada a emergências", fr: "Réponse coordonnée aux urgences" },
            Word::Groups => Texts { en: "Working groups", es: "Grupos de trabajo", pt: "Grupos de trabalho", fr: "Groupes de travail" },
            Word::Lead => Texts { en: "Lead", es: "Liderazgo", pt: "Liderança", fr: "Pilote" },
            Word::CoLeads => Texts { en: "Co-leads", es: "Coliderazgo", pt: "Coliderança", fr: "Copilotes" },
            Word::Participants => Texts { en: "Participants", es: "Participantes", pt: "Participantes", fr: "Participants" },
            Word::Commitments => Texts { en: "Commitments", es: "Compromisos", pt: "Compromissos", fr: "Engagements" },
            Word::NoCommitments => Texts { en: "No commitments recorded yet.", es: "Aún no hay compromisos registrados.", pt: "Ainda não há compromissos registrados.", fr: "Aucun engagement enregistré pour l’instant." },
            Word::OnTrack => Texts { en: "on track", es: "en curso", pt: "no rumo certo", fr: "en bonne voie" },
            Word::AtRisk => Texts { en: "at risk", es: "en riesgo", pt: "em risco", fr: "à risque" },
            Word::OffTrack => Texts { en: "off track", es: "desviado", pt: "fora do rumo", fr: "hors trajectoire" },
            Word::NoData => Texts { en: "no data", es: "sin datos", pt: "sem dados", fr: "pas de données" },
            Word::NoRecentData => Texts { en: "no recent data", es: "sin datos recientes", pt: "sem dados recentes", fr: "pas de données récentes" },
            Word::RegionalRule => Texts { en: "Each country's status comes from its own figures. The regional status is that of the country furthest behind among those with a recent figure. A figure is recent for its indicator's reporting period plus a grace (monthly and quarterly: one month; annual: six months); after that the country reads \"no recent data\".", es: "El estado de cada país se calcula con sus propias cifras. El estado regional es el del país más atrasado entre los que tienen una cifra reciente. Una cifra es reciente durante el período de reporte de su indicador más un margen (mensual y trimestral: un mes; anual: seis meses); después, el país figura «sin datos recientes».", pt: "A situação de cada país vem dos seus próprios números. A situação regional é a do país mais atrasado entre os que têm um número recente. Um número é recente durante o período de relato do seu indicador mais uma tolerância (mensal e trimestral: um mês; anual: seis meses); depois disso, o país aparece «sem dados recentes».", fr: "L’état de chaque pays vient de ses propres chiffres. L’état régional est celui du pays le plus en retard parmi ceux qui ont un chiffre récent. Un chiffre est récent pendant la période de rapport de son indicateur plus un délai de grâce (mensuel et trimestriel : un mois ; annuel : six mois) ; ensuite, le pays apparaît « pas de données récentes »." },
            Word::CountriesCount => Texts { en: "countries", es: "países", pt: "países", fr: "pays" },
            Word::ByCountry => Texts { en: "By country", es: "Por país", pt: "Por país", fr: "Par pays" },
            Word::Lagging => Texts { en: "Lagging", es: "Rezagados", pt: "Atrasados", fr: "En retard" },
            Word::Reporter => Texts { en: "Reported by", es: "Informado por", pt: "Informado por", fr: "Déclaré par" },
            Word::Latest => Texts { en: "Latest figure", es: "Última cifra", pt: "Último número", fr: "Dernier chiffre" },
            Word::CountryNotStated => Texts { en: "country not stated", es: "país no indicado", pt: "país não indicado", fr: "pays non indiqué" },
            Word::Integration => Texts { en: "Integration: the foreign-born and the native-born", es: "Integración: personas nacidas en el extranjero y en el país", pt: "Integração: nascidos no estrangeiro e no país", fr: "Intégration : personnes nées à l’étranger et dans le pays" },
            Word::IntegrationHelp => Texts { en: "Labour-market outcomes of foreign-born and native-born people (ILOSTAT labour force surveys) and immigrant stocks (UN DESA, 2020 revision), as compiled by IOM. Each figure is of the year shown beside it; national surveys differ in definitions.", es: "Resultados en el mercado laboral de las personas nacidas en el extranjero y en el país (encuestas de fuerza de trabajo de ILOSTAT) y stock de inmigrantes (UN DESA, revisión 2020), compilados por la OIM. Cada cifra es del año que figura a su lado; las encuestas nacionales difieren en sus definiciones.", pt: "Resultados no mercado de trabalho de nascidos no estrangeiro e no país (inquéritos à força de trabalho da ILOSTAT) e estoque de imigrantes (UN DESA, revisão de 2020), compilados pela OIM. Cada número é do ano indicado ao lado; os inquéritos nacionais diferem nas definições.", fr: "Situation sur le marché du travail des personnes nées à l’étranger et dans le pays (enquêtes sur la population active d’ILOSTAT) et effectifs d’immigrés (UN DESA, révision 2020), compilés par l’OIM. Chaque chiffre est de l’année indiquée à côté ; les enquêtes nationales diffèrent dans leurs définitions." },
            Word::Unemployment => Texts { en: "Unemployment rate (%)", es: "Tasa de desempleo (%)", pt: "Taxa de desemprego (%)", fr: "Taux de chômage (%)" },
            Word::UnemploymentGap => Texts { en: "Gap (points)", es: "Brecha (puntos)", pt: "Diferença (pontos)", fr: "Écart (points)" },
            Word::Elementary => Texts { en: "In elementary occupations (% of employed)", es: "En ocupaciones elementales (% de ocupados)", pt: "Em ocupações elementares (% dos empregados)", fr: "Dans les professions élémentaires (% des actifs occupés)" },
            Word::EarningsRatio => Texts { en: "Earnings of the foreign-born (% of the native-born's)", es: "Ingresos de los nacidos en el extranjero (% de los nativos)", pt: "Rendimentos dos nascidos no estrangeiro (% dos nativos)", fr: "Revenus des personnes nées à l’étranger (% de ceux des natifs)" },
            Word::Immigrants => Texts { en: "Immigrants (foreign-born residents)", es: "Inmigrantes (residentes nacidos en el extranjero)", pt: "Imigrantes (residentes nascidos no estrangeiro)", fr: "Immigrés (résidents nés à l’étranger)" },
            Word::Women => Texts { en: "women", es: "mujeres", pt: "mulheres", fr: "femmes" },
            Word::Under20 => Texts { en: "under 20", es: "menores de 20", pt: "menores de 20", fr: "moins de 20 ans" },
            Word::NoFigure => Texts { en: "no figure in the tables", es: "sin cifra en las tablas", pt: "sem número nas tabelas", fr: "aucun chiffre dans les tableaux" },
            Word::ForeignNative => Texts { en: "foreign-born / native-born", es: "nacidos en el extranjero / nativos", pt: "nascidos no estrangeiro / nativos", fr: "nés à l’étranger / natifs" },
            Word::NotAssessable => Texts { en: "not assessable", es: "no evaluable", pt: "não avaliável", fr: "non évaluable" },
            Word::Draft => Texts { en: "draft", es: "borrador", pt: "rascunho", fr: "brouillon" },
            Word::Baseline => Texts { en: "Baseline", es: "Línea de base", pt: "Linha de base", fr: "Niveau de référence" },
            Word::Target => Texts { en: "Target", es: "Meta", pt: "Meta", fr: "Cible" },
            Word::Figures => Texts { en: "Governments' figures", es: "Cifras de los gobiernos", pt: "Números dos governos", fr: "Chiffres des gouvernements" },
            Word::Date => Texts { en: "Date", es: "Fecha", pt: "Data", fr: "Date" },
            Word::Value => Texts { en: "Value", es: "Valor", pt: "Valor", fr: "Valeur" },
            Word::Path => Texts { en: "Path to the target", es: "Trayectoria hacia la meta", pt: "Trajetória até a meta", fr: "Trajectoire vers la cible" },
            Word::Monitoring => Texts { en: "Civil society's monitoring", es: "Monitoreo de la sociedad civil", pt: "Monitoramento da sociedade civil", fr: "Suivi de la société civile" },
            Word::NoMonitoring => Texts { en: "No monitoring report filed.", es: "Sin informes de monitoreo.", pt: "Nenhum relatório de monitoramento apresentado.", fr: "Aucun rapport de suivi déposé." },
            Word::Evidence => Texts { en: "evidence", es: "evidencia", pt: "evidência", fr: "justificatif" },
            Word::Pledges => Texts { en: "Pledges and disbursements", es: "Promesas y desembolsos", pt: "Promessas e desembolsos", fr: "Promesses et décaissements" },
            Word::Pledged => Texts { en: "Pledged", es: "Prometido", pt: "Prometido", fr: "Promis" },
            Word::Committed => Texts { en: "Committed", es: "Comprometido", pt: "Comprometido", fr: "Engagé" },
            Word::Disbursed => Texts { en: "Disbursed", es: "Desembolsado", pt: "Desembolsado", fr: "Décaissé" },
            Word::Donor => Texts { en: "Donor", es: "Donante", pt: "Doador", fr: "Donateur" },
            Word::Recipient => Texts { en: "Recipient", es: "Destinatario", pt: "Destinatário", fr: "Bénéficiaire" },
            Word::Purpose => Texts { en: "Purpose", es: "Propósito", pt: "Finalidade", fr: "Objet" },
            Word::NoPledges => Texts { en: "No pledges recorded.", es: "Sin promesas registradas.", pt: "Nenhuma promessa registrada.", fr: "Aucune promesse enregistrée." },
            Word::NoRate => Texts { en: "Totals cannot be converted:", es: "No se pueden convertir los totales:", pt: "Não é possível converter os totais:", fr: "Les totaux ne peuvent pas être convertis :" },
            Word::Stale => Texts { en: "stale", es: "desactualizado", pt: "desatualizado", fr: "pas à jour" },
            Word::StaleHelp => Texts { en: "Marked stale: a reporter whose latest month for an indicator is more than 2 months behind the newest month any reporter has for it.", es: "Marcado como desactualizado: un informante cuyo último mes para un indicador tiene más de 2 meses de retraso respecto del mes más reciente que tiene cualquier informante.", pt: "Marcado como desatualizado: um informante cujo último mês para um indicador tem mais de 2 meses de atraso em relação ao mês mais recente de qualquer informante.", fr: "Marqué pas à jour : un déclarant dont le dernier mois pour un indicateur a plus de 2 mois de retard sur le mois le plus récent de tout déclarant." },
            Word::StaleData => Texts { en: "Figures behind the others", es: "Cifras atrasadas", pt: "Números atrasados", fr: "Chiffres en retard" },
            Word::LatestMonth => Texts { en: "Latest month", es: "Último mes", pt: "Último mês", fr: "Dernier mois" },
            Word::Totals => Texts { en: "Totals of the latest month", es: "Totales del último mes", pt: "Totais do último mês", fr: "Totaux du dernier mois" },
            Word::TotalsHelp => Texts { en: "All nationalities of the whole country, for the newest month this country reported; series are listed by their latest figure, largest first.", es: "Todas las nacionalidades del país entero, para el mes más reciente informado por este país; las series se listan por su última cifra, de mayor a menor.", pt: "Todas as nacionalidades do país inteiro, para o mês mais recente informado por este país; as séries aparecem pelo seu último número, do maior ao menor.", fr: "Toutes les nationalités du pays entier, pour le mois le plus récent déclaré par ce pays ; les séries sont classées par leur dernier chiffre, du plus grand au plus petit." },
            Word::Change => Texts { en: "Change on the month before", es: "Cambio respecto del mes anterior", pt: "Variação sobre o mês anterior", fr: "Variation sur le mois précédent" },
            Word::Download => Texts { en: "Download these figures", es: "Descargar estas cifras", pt: "Baixar estes números", fr: "Télécharger ces chiffres" },
            Word::Countries => Texts { en: "Countries", es: "Países", pt: "Países", fr: "Pays" },
            Word::Mechanisms => Texts { en: "Mechanisms", es: "Mecanismos", pt: "Mecanismos", fr: "Mécanismes" },
            Word::StandingMember => Texts { en: "member", es: "miembro", pt: "membro", fr: "membre" },
            Word::StandingPermanentParticipant => Texts { en: "permanent participant", es: "participante permanente", pt: "participante permanente", fr: "participant permanent" },
            Word::StandingObserver => Texts { en: "observer", es: "observador", pt: "observador", fr: "observateur" },
            Word::Measures => Texts { en: "National measures against regional commitments", es: "Medidas nacionales contrarias a compromisos regionales", pt: "Medidas nacionais contrárias a compromissos regionais", fr: "Mesures nationales contraires aux engagements régionaux" },
            Word::NoMeasures => Texts { en: "None recorded.", es: "Ninguna registrada.", pt: "Nenhuma registrada.", fr: "Aucune enregistrée." },
            Word::Report => Texts { en: "Printable progress report", es: "Informe de avance para imprimir", pt: "Relatório de progresso para impressão", fr: "Rapport d’avancement à imprimer" },
            Word::ReportTitle => Texts { en: "Progress report", es: "Informe de avance", pt: "Relatório de progresso", fr: "Rapport d’avancement" },
            Word::AsOf => Texts { en: "as of", es: "al", pt: "em", fr: "au" },
            Word::Of => Texts { en: "of", es: "de", pt: "de", fr: "sur" },
            Word::StatusComputed => Texts { en: "Status is computed from the figures: the latest figure is compared with the straight path from the baseline to the target; up to 10% of the way behind is on track, up to 25% at risk, further off track.", es: "El estado se calcula a partir de las cifras: la última cifra se compara con la trayectoria recta de la línea de base a la meta; hasta un 10% de atraso es en curso, hasta un 25% en riesgo, más es desviado.", pt: "A situação é calculada a partir dos números: o número mais recente é comparado com a trajetória reta da linha de base até a meta; até 10% de atraso é no rumo certo, até 25% em risco, além disso fora do rumo.", fr: "L’état est calculé à partir des chiffres : le dernier chiffre est comparé à la trajectoire droite du niveau de référence à la cible ; jusqu’à 10 % de retard, en bonne voie ; jusqu’à 25 %, à risque ; au-delà, hors trajectoire." },
            Word::Sharing => Texts { en: "Sharing", es: "Reparto", pt: "Repartição", fr: "Répartition" },
            Word::AmericasKey => Texts { en: "The Americas key", es: "La clave de las Américas", pt: "A chave das Américas", fr: "La clé des Amériques" },
            Word::AmericasKeyHelp => Texts { en: "Each country's share of a total, from its population and GDP and, lowering it, its unemployment and the people it already hosts. Every figure is the latest at or before the key's year; the year of each is shown. A missing figure is a gap, handled by the rule the key states.", es: "La parte de un total que corresponde a cada país, según su población y su PIB y, a la baja, su desempleo y las personas que ya acoge. Cada cifra es la última disponible en el año de la clave o antes; se muestra el año de cada una. Una cifra que falta es un vacío, tratado según la regla que indica la clave.", pt: "A parte de um total que cabe a cada país, segundo sua população e seu PIB e, para baixo, seu desemprego e as pessoas que já acolhe. Cada número é o mais recente no ano da chave ou antes; mostra-se o ano de cada um. Um número que falta é uma lacuna, tratada pela regra que a chave indica.", fr: "La part d’un total qui revient à chaque pays, selon sa population et son PIB et, à la baisse, son chômage et les personnes qu’il accueille déjà. Chaque chiffre est le dernier connu à l’année de la clé ou avant ; l’année de chacun est indiquée. Un chiffre manquant est une lacune, traitée selon la règle que la clé énonce." },
            Word::NoKeyPublished => Texts { en: "The secretariat has not published an Americas key yet.", es: "La secretaría aún no ha publicado una clave de las Américas.", pt: "A secretaria ainda não publicou uma chave das Américas.", fr: "Le secrétariat n’a pas encore publié de clé des Amériques." },
            Word::Published => Texts { en: "Published", es: "Publicada", pt: "Publicada", fr: "Publiée" },
            Word::Share => Texts { en: "Share", es: "Parte", pt: "Parte", fr: "Part" },
            Word::Persons => Texts { en: "Persons", es: "Personas", pt: "Pessoas", fr: "Personnes" },
            Word::YearOfFigure => Texts { en: "year of the figure", es: "año de la cifra", pt: "ano do número", fr: "année du chiffre" },
            Word::Gap => Texts { en: "gap", es: "vacío", pt: "lacuna", fr: "lacune" },
            Word::Population => Texts { en: "Population", es: "Población", pt: "População", fr: "Population" },
            Word::Gdp => Texts { en: "GDP (US$)", es: "PIB (US$)", pt: "PIB (US$)", fr: "PIB ($ US)" },
            Word::HostedPer1000 => Texts { en: "Immigrants per 1,000", es: "Inmigrantes por 1.000", pt: "Imigrantes por 1.000", fr: "Immigrés pour 1 000" },
            Word::CapacityReported => Texts { en: "Capacity reported by countries", es: "Capacidad informada por los países", pt: "Capacidade informada pelos países", fr: "Capacités déclarées par les pays" },
            Word::CapacityHelp => Texts { en: "Each country's latest report: its figure for the whole country, or else the sum of its sites, dated by the oldest.", es: "El último informe de cada país: su cifra para todo el país o, si no, la suma de sus sitios, con la fecha del más antiguo.", pt: "O último relatório de cada país: seu número para o país inteiro ou, senão, a soma de seus locais, com a data do mais antigo.", fr: "Le dernier rapport de chaque pays : son chiffre pour l’ensemble du pays, ou sinon la somme de ses sites, datée par le plus ancien." },
            Word::NoCapacity => Texts { en: "No capacity report you may see.", es: "No hay informes de capacidad que usted pueda ver.", pt: "Não há relatórios de capacidade que você possa ver.", fr: "Aucun rapport de capacité que vous puissiez voir." },
            Word::ReceptionPlaces => Texts { en: "Reception places", es: "Plazas de recepción", pt: "Vagas de recepção", fr: "Places d’accueil" },
            Word::ShelterBeds => Texts { en: "Shelter beds", es: "Camas de albergue", pt: "Leitos de abrigo", fr: "Lits d’hébergement" },
            Word::Staff => Texts { en: "Staff", es: "Personal", pt: "Pessoal", fr: "Personnel" },
            Word::BudgetUsd => Texts { en: "Budget (US$)", es: "Presupuesto (US$)", pt: "Orçamento (US$)", fr: "Budget ($ US)" },
            Word::SumOfSites => Texts { en: "sites", es: "sitios", pt: "locais", fr: "sites" },
            Word::Unknown => Texts { en: "?", es: "?", pt: "?", fr: "?" },
            Word::ModelNaive => Texts { en: "naive (the last figure)", es: "ingenuo (la última cifra)", pt: "ingênuo (o último número)", fr: "naïf (le dernier chiffre)" },
            Word::ModelSeasonalNaive => Texts { en: "seasonal naive (the same month a year before)", es: "ingenuo estacional (el mismo mes un año antes)", pt: "ingênuo sazonal (o mesmo mês um ano antes)", fr: "naïf saisonnier (le même mois un an plus tôt)" },
            Word::ModelSes => Texts { en: "simple exponential smoothing", es: "suavizado exponencial simple", pt: "suavização exponencial simples", fr: "lissage exponentiel simple" },
            Word::ModelDamped => Texts { en: "damped trend", es: "tendencia amortiguada", pt: "tendência amortecida", fr: "tendance amortie" },
            Word::ModelTheta => Texts { en: "Theta method", es: "método Theta", pt: "método Theta", fr: "méthode Thêta" },
            Word::StepFlag => Texts { en: "flagged as contradicting a commitment", es: "señalada como contraria a un compromiso", pt: "apontada como contrária a um compromisso", fr: "signalée comme contraire à un engagement" },
            Word::StepReply => Texts { en: "the country's reply", es: "respuesta del país", pt: "resposta do país", fr: "réponse du pays" },
            Word::StepRuling => Texts { en: "the secretariat's ruling", es: "decisión de la secretaría", pt: "decisão da secretaria", fr: "décision du secrétariat" },
            Word::OutcomeContradicts => Texts { en: "contradicts the commitment", es: "contraria al compromiso", pt: "contrária ao compromisso", fr: "contraire à l’engagement" },
            Word::OutcomeConsistent => Texts { en: "consistent with the commitment", es: "compatible con el compromiso", pt: "compatível com o compromisso", fr: "compatible avec l’engagement" },
            Word::ExpectedOutcomes => Texts { en: "Expected outcomes", es: "Resultados esperados", pt: "Resultados esperados", fr: "Résultats attendus" },
            Word::NoCharter => Texts { en: "No purpose or expected outcomes recorded yet.", es: "Aún no se registraron propósito ni resultados esperados.", pt: "Ainda não foram registrados propósito nem resultados esperados.", fr: "Aucun objet ni résultat attendu n’est encore enregistré." },
            Word::TakesPart => Texts { en: "Who takes part", es: "Quiénes participan", pt: "Quem participa", fr: "Qui participe" },
            Word::GroupJoins => Texts { en: "joins", es: "se incorpora", pt: "passa a participar", fr: "rejoint le groupe" },
            Word::GroupLeaves => Texts { en: "leaves", es: "se retira", pt: "deixa o grupo", fr: "quitte le groupe" },
            Word::GroupTakesLead => Texts { en: "takes the lead", es: "asume el liderazgo", pt: "assume a liderança", fr: "prend la direction" },
            Word::GroupCoLeads => Texts { en: "becomes co-lead", es: "pasa a coliderar", pt: "passa a coliderar", fr: "devient codirecteur" },
            Word::Meetings => Texts { en: "Meetings of the mechanism", es: "Reuniones del mecanismo", pt: "Reuniões do mecanismo", fr: "Réunions du mécanisme" },
            Word::NoMeetings => Texts { en: "No meeting recorded.", es: "Ninguna reunión registrada.", pt: "Nenhuma reunião registrada.", fr: "Aucune réunion enregistrée." },
            Word::GroupJson => Texts { en: "This report as JSON", es: "Este informe en JSON", pt: "Este relatório em JSON", fr: "Ce rapport en JSON" },
            Word::ModelCombination => Texts { en: "combination of models", es: "combinación de modelos", pt: "combinação de modelos", fr: "combinaison de modèles" },
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

impl From<ModelKind> for Word {
    fn from(model: ModelKind) -> Word {
        match model {
            ModelKind::Naive => Word::ModelNaive,
            ModelKind::SeasonalNaive => Word::ModelSeasonalNaive,
            ModelKind::Ses => Word::ModelSes,
            ModelKind::Damped => Word::ModelDamped,
            ModelKind::Theta => Word::ModelTheta,
            ModelKind::Combination => Word::ModelCombination,
        }
    }
}

/// A forecasting model's name, which answers carry as its code, in
/// `lang`; a code this build does not know is shown as it is.
pub fn model_name(code: &str, lang: Lang) -> &str {
    match ModelKind::ALL.into_iter().find(|m| m.name() == code) {
        Some(m) => t(lang, m),
        None => code,
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

impl From<Role> for Word {
    fn from(role: Role) -> Word {
        match role {
            Role::Secretariat => Word::RoleSecretariat,
            Role::Analyst => Word::RoleAnalyst,
            Role::Participant => Word::RoleParticipant,
            Role::Observer => Word::RoleObserver,
            Role::Public => Word::RolePublic,
            Role::Operator => Word::RoleOperator,
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
            Status::NoRecentData => Word::NoRecentData,
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
