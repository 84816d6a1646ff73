//! Each typed kind, level and status of the model as its [`Word`], so
//! that a page names it in the reader's language.

use corredor_followup::commitment::Assessment;
use corredor_followup::indicator::Status;
use corredor_followup::registry::Role as Standing;
use corredor_model::{AlertEventKind, AlertKind, AlertStatus, Lang, Level, Role, TaskStatus};
use corredor_warning::ModelKind;

use super::words::{t, Word};

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

impl From<corredor_labour::matching::LeftKind> for Word {
    fn from(kind: corredor_labour::matching::LeftKind) -> Word {
        use corredor_labour::matching::LeftKind;
        match kind {
            LeftKind::NoConsent => Word::LeftNoConsent,
            LeftKind::NoPathway => Word::LeftNoPathway,
            LeftKind::Requirements => Word::LeftRequirements,
            LeftKind::NotScored => Word::LeftNotScored,
            LeftKind::QuotaFull => Word::LeftQuotaFull,
            LeftKind::Outbid => Word::LeftOutbid,
            LeftKind::NotReached => Word::LeftNotReached,
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

impl From<Role> for Word {
    fn from(role: Role) -> Word {
        match role {
            Role::Secretariat => Word::RoleSecretariat,
            Role::Analyst => Word::RoleAnalyst,
            Role::Participant => Word::RoleParticipant,
            Role::Observer => Word::RoleObserver,
            Role::Employer => Word::RoleEmployer,
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

/// An alert's status as its page says it: a data-quality notice is an
/// "aviso", an "avis" (masculine), where an alert is an "alerta", an
/// "alerte" (feminine).
pub fn status_of(kind: AlertKind, status: AlertStatus) -> Word {
    match (kind, status) {
        (AlertKind::DataQuality, AlertStatus::Open) => Word::NoticeOpen,
        (AlertKind::DataQuality, AlertStatus::Escalated) => Word::NoticeEscalated,
        (AlertKind::DataQuality, AlertStatus::Closed) => Word::NoticeClosed,
        _ => status.into(),
    }
}

/// A step of an alert's history, agreeing with the alert's kind as
/// [`status_of`] does.
pub fn event_of(kind: AlertKind, event: AlertEventKind) -> Word {
    match (kind, event) {
        (AlertKind::DataQuality, AlertEventKind::Opened) => Word::NoticeOpened,
        (AlertKind::DataQuality, AlertEventKind::Updated) => Word::NoticeUpdated,
        (AlertKind::DataQuality, AlertEventKind::Escalated) => Word::NoticeEscalated,
        (AlertKind::DataQuality, AlertEventKind::Closed) => Word::NoticeClosed,
        _ => event.into(),
    }
}

impl From<AlertEventKind> for Word {
    fn from(kind: AlertEventKind) -> Word {
        match kind {
            AlertEventKind::Opened => Word::EventOpened,
            AlertEventKind::Updated => Word::EventUpdated,
            AlertEventKind::Withdrawn => Word::EventWithdrawn,
            AlertEventKind::Acknowledged => Word::EventAcknowledged,
            AlertEventKind::Comment => Word::EventComment,
            AlertEventKind::Escalated => Word::EventEscalated,
            AlertEventKind::Closed => Word::EventClosed,
            AlertEventKind::RaisedAgain => Word::EventRaisedAgain,
            AlertEventKind::Follows => Word::EventFollows,
            AlertEventKind::HeldBy => Word::EventHeldBy,
        }
    }
}

impl From<TaskStatus> for Word {
    fn from(status: TaskStatus) -> Word {
        match status {
            TaskStatus::Open => Word::Open,
            TaskStatus::Acknowledged => Word::TaskTaken,
            TaskStatus::Done => Word::Done,
            TaskStatus::Withdrawn => Word::TaskWithdrawn,
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
