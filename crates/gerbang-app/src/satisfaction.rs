//! The satisfaction survey (Permen PANRB 14/2017) and the published index.
//!
//! The person a decided case or a closed complaint was for answers nine questions once;
//! the index is published per service and per agency by month, and only where enough
//! people answered that no figure can point at one of them.

use gerbang_domain::authz::ComplaintFacts;
use gerbang_domain::complaints::State as ComplaintState;
use gerbang_domain::reference::Reference;
use gerbang_domain::satisfaction::{self as ikm, Element, Index, Scores, Totals};
use gerbang_store::satisfaction::{self as store, NewResponse, Scope};
use gerbang_store::{Conn, StoreError};
use time::{Date, Month};

use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, check};
use crate::user::SessionUser;
use crate::{App, AppError, FieldProblem};

/// The longest comment kept.
pub const MAX_COMMENT: usize = 2000;

/// What a survey is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Application,
    Complaint,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Application => "application",
            SubjectKind::Complaint => "complaint",
        }
    }
}

/// The case or complaint a survey is about, as its respondent may see it.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectKind,
    pub reference: String,
    id: i64,
    pub agency_id: i64,
    pub service_id: Option<i64>,
    /// The service's name (a case) or the complaint's subject line, in both languages.
    pub title_en: String,
    pub title_id: String,
    /// It is decided (a case) or closed (a complaint): the survey is open.
    pub finished: bool,
    /// The response is in.
    pub answered: bool,
}

/// The case `reference` for its applicant (anyone else: 404).
pub async fn of_application(
    app: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<Subject, AppError> {
    let view = crate::applications::service::facts_for(app, user, reference).await?;
    check(
        Some(user),
        Action::RateService,
        Resource::Case(view.facts()),
    )
    .map_err(|e| {
        // Staff reading the case see no survey: it is not theirs to answer.
        if e.kind() == crate::ErrorKind::Forbidden {
            AppError::NOT_FOUND
        } else {
            e
        }
    })?;
    let id = view.case.id;
    Ok(Subject {
        kind: SubjectKind::Application,
        reference: view.case.reference.clone(),
        id,
        agency_id: view.case.agency_id,
        service_id: Some(view.service.id),
        title_en: view.def.name.en.clone(),
        title_id: view.def.name.id.clone(),
        finished: view.def.workflow.is_terminal(&view.case.status),
        answered: store::answered(&app.db, SubjectKind::Application.as_str(), id).await?,
    })
}

/// The complaint `reference` for its complainant (by account or by follow-up `key`).
pub async fn of_complaint(
    app: &App,
    user: Option<&SessionUser>,
    reference: &str,
    key: Option<&str>,
) -> Result<Subject, AppError> {
    let Ok(r) = Reference::parse(reference) else {
        return Err(AppError::NOT_FOUND);
    };
    let c = gerbang_store::complaints::by_reference(&app.db, &r.to_string())
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let mut chain = vec![c.agency_id];
    chain.extend(gerbang_store::complaints::escalations(Conn::Pool(&app.db), c.id).await?);
    let facts = ComplaintFacts {
        agencies: &chain,
        complainant: c.complainant_id,
        confidential: c.confidential,
        key_proven: crate::complaints::service::key_matches(&c, key),
    };
    match check(user, Action::RateService, Resource::Complaint(facts)) {
        Ok(()) => {}
        // Someone else's complaint, or a wrong key: there is no survey to see. Without
        // any key, signing in may help (401).
        Err(AppError::Kind(crate::ErrorKind::Forbidden)) => return Err(AppError::NOT_FOUND),
        Err(AppError::Kind(crate::ErrorKind::Unauthorized)) if key.is_some() => {
            return Err(AppError::NOT_FOUND);
        }
        Err(e) => return Err(e),
    }
    Ok(Subject {
        kind: SubjectKind::Complaint,
        reference: c.reference.clone(),
        id: c.id,
        agency_id: c.agency_id,
        service_id: None,
        title_en: c.title.clone(),
        title_id: c.title.clone(),
        finished: ComplaintState::parse(&c.state) == Some(ComplaintState::Closed),
        answered: store::answered(&app.db, SubjectKind::Complaint.as_str(), c.id).await?,
    })
}

/// True when the case's page should invite its reader to the survey: they are the
/// applicant, the case is decided and not yet rated.
pub async fn invites(
    app: &App,
    view: &crate::applications::service::CaseView,
) -> Result<bool, AppError> {
    if !view.is_applicant() || !view.def.workflow.is_terminal(&view.case.status) {
        return Ok(false);
    }
    Ok(!store::answered(&app.db, SubjectKind::Application.as_str(), view.case.id).await?)
}

/// True when a complaint's page should invite its complainant to the survey.
pub async fn invites_complainant(
    app: &App,
    view: &crate::complaints::service::View,
) -> Result<bool, AppError> {
    if !view.is_complainant || view.state() != ComplaintState::Closed {
        return Ok(false);
    }
    Ok(!store::answered(&app.db, SubjectKind::Complaint.as_str(), view.complaint.id).await?)
}

/// What the survey form sends: `u1`..`u9` as text, and an optional comment.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub scores: [String; 9],
    pub comment: String,
}

/// Checks the answers: every element answered 1-4, the comment not too long.
pub fn validate(a: &Answers) -> Result<(Scores, Option<String>), AppError> {
    let values = a
        .scores
        .clone()
        .map(|s| s.trim().parse::<i64>().unwrap_or(0));
    let mut problems: Vec<FieldProblem> = match Scores::new(values) {
        Ok(_) => Vec::new(),
        Err(bad) => bad
            .into_iter()
            .map(|e| {
                let mut p = FieldProblem::new(e.code(), "survey-error-answer");
                let n = Element::ALL
                    .iter()
                    .position(|x| *x == e)
                    .map_or(0, |i| i + 1);
                p.args.push(("n", n.to_string()));
                p
            })
            .collect(),
    };
    let comment = a.comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        let mut p = FieldProblem::new("comment", "survey-error-comment-long");
        p.args.push(("max", MAX_COMMENT.to_string()));
        problems.push(p);
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let scores = Scores::new(values).map_err(|_| AppError::Internal("scores".into()))?;
    Ok((scores, (!comment.is_empty()).then(|| comment.to_owned())))
}

/// The first day of `d`'s month, as periods are stored.
pub fn period_of(d: Date) -> String {
    format!("{:04}-{:02}-01", d.year(), u8::from(d.month()))
}

/// Records the answer to the survey about `subject`: 409 before it is finished or when
/// it was already answered, 422 for answers that are not all 1-4. The audit entry names
/// the subject, not the answers; the answers are kept apart from who gave them.
pub async fn answer(
    app: &App,
    subject: &Subject,
    answers: &Answers,
    meta: &Meta,
) -> Result<(), AppError> {
    if !subject.finished || subject.answered {
        return Err(AppError::Store(StoreError::Conflict(
            "survey not open".into(),
        )));
    }
    let (scores, comment) = validate(answers)?;
    let now = app.clock.now();
    let period = period_of(crate::applications::service::platform_today(app));
    let mut tx = app.db.begin().await?;
    store::insert(
        &mut tx,
        &NewResponse {
            subject_kind: subject.kind.as_str(),
            subject_id: subject.id,
            agency_id: subject.agency_id,
            service_id: subject.service_id,
            period: &period,
            scores: scores.get(),
            comment: comment.as_deref(),
            now,
        },
    )
    .await?;
    meta.audit(
        "survey.answered",
        &format!("{}:{}", subject.kind.as_str(), subject.reference),
    )
    .append(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The months shown by default: the twelve up to and including this one.
pub fn last_twelve_months(today: Date) -> (String, String) {
    let mut y = today.year();
    let mut m = u8::from(today.month());
    // Eleven months back.
    for _ in 0..11 {
        if m == 1 {
            m = 12;
            y -= 1;
        } else {
            m -= 1;
        }
    }
    let from = Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), 1)
        .unwrap_or(today);
    (period_of(from), period_of(today))
}

/// One month of the published index.
#[derive(Debug, Clone)]
pub struct Period {
    /// `YYYY-MM`.
    pub month: String,
    pub respondents: i64,
    /// `None` when fewer than [`ikm::MIN_PUBLISHED`] answered.
    pub index: Option<Index>,
}

/// The published index of a service or an agency over a range of months.
#[derive(Debug, Clone)]
pub struct Published {
    pub periods: Vec<Period>,
    /// Everyone in the range; `None` when fewer than the minimum answered.
    pub overall: Option<Index>,
    pub respondents: i64,
}

impl Published {
    /// The elements in order with their overall score, and whether it is the weakest.
    pub fn elements(&self) -> Vec<(Element, f64, bool)> {
        self.overall.as_ref().map_or_else(Vec::new, |i| {
            Element::ALL
                .iter()
                .zip(i.nrr)
                .map(|(e, nrr)| (*e, nrr, *e == i.weakest))
                .collect()
        })
    }
}

fn published_index(respondents: i64, sums: [i64; 9]) -> Option<Index> {
    let n = u64::try_from(respondents).unwrap_or(0);
    if n < ikm::MIN_PUBLISHED {
        return None;
    }
    ikm::index(&Totals {
        respondents: n,
        sums: sums.map(|s| u64::try_from(s).unwrap_or(0)),
    })
}

/// The index of one service (`service_id`) or one agency (`agency_id`, every service and
/// complaint of it), by month from `from` to `to` (`YYYY-MM-01`).
pub async fn published(app: &App, scope: &Scope) -> Result<Published, AppError> {
    let rows = store::sums_by_period(&app.db, scope).await?;
    let mut respondents = 0;
    let mut sums = [0i64; 9];
    let mut periods = Vec::with_capacity(rows.len());
    for r in rows {
        respondents += r.respondents;
        for (t, s) in sums.iter_mut().zip(r.sums) {
            *t += s;
        }
        periods.push(Period {
            month: r.period.chars().take(7).collect(),
            respondents: r.respondents,
            index: published_index(r.respondents, r.sums),
        });
    }
    Ok(Published {
        periods,
        overall: published_index(respondents, sums),
        respondents,
    })
}

/// The published figures as CSV (one row per month, then the whole range); suppressed
/// months have their counts only.
pub fn csv(p: &Published) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("period,respondents");
    for e in Element::ALL {
        let _ = write!(out, ",nrr_{}", e.code());
    }
    out.push_str(",ikm,category\r\n");
    let mut row = |label: &str, n: i64, i: Option<&Index>| {
        let _ = write!(out, "{label},{n}");
        match i {
            Some(i) => {
                for v in i.nrr {
                    let _ = write!(out, ",{v:.2}");
                }
                let _ = write!(out, ",{:.2},{}", i.value, i.category.letter());
            }
            None => out.push_str(",,,,,,,,,,,"),
        }
        out.push_str("\r\n");
    };
    for period in &p.periods {
        row(&period.month, period.respondents, period.index.as_ref());
    }
    row("all", p.respondents, p.overall.as_ref());
    out
}

/// The same figures as JSON: each month and the whole range, an index withheld as `null`.
pub fn json(p: &Published, scope: serde_json::Value, from: &str, to: &str) -> serde_json::Value {
    let index = |i: Option<&Index>| {
        i.map(|i| {
            let nrr: serde_json::Map<String, serde_json::Value> = Element::ALL
                .iter()
                .zip(i.nrr)
                .map(|(e, v)| (e.code().to_owned(), serde_json::json!(round2(v))))
                .collect();
            serde_json::json!({
                "ikm": i.value,
                "category": i.category.letter(),
                "weakest": i.weakest.code(),
                "nrr": nrr,
            })
        })
    };
    serde_json::json!({
        "scope": scope,
        "from": from,
        "to": to,
        "k": ikm::MIN_PUBLISHED,
        "respondents": p.respondents,
        "overall": index(p.overall.as_ref()),
        "months": p.periods.iter().map(|m| serde_json::json!({
            "month": m.month,
            "respondents": m.respondents,
            "index": index(m.index.as_ref()),
        })).collect::<Vec<_>>(),
    })
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_cross_the_year() {
        let d = Date::from_calendar_date(2026, Month::March, 17).expect("date");
        assert_eq!(
            last_twelve_months(d),
            ("2025-04-01".to_owned(), "2026-03-01".to_owned())
        );
    }

    #[test]
    fn answers_outside_one_to_four_name_their_questions() {
        let mut a = Answers {
            scores: ["4", "3", "x", "2", "5", "1", "1", "", "4"].map(str::to_owned),
            ..Answers::default()
        };
        let Err(AppError::Invalid(p)) = validate(&a) else {
            panic!("accepted");
        };
        let fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["u3", "u5", "u8"]);
        a.scores = ["4"; 9].map(str::to_owned);
        a.comment = "  fine  ".into();
        let (s, c) = validate(&a).expect("valid");
        assert_eq!(s.get(), [4; 9]);
        assert_eq!(c.as_deref(), Some("fine"));
    }

    #[test]
    fn fewer_than_five_answers_publish_no_index() {
        assert!(published_index(4, [16; 9]).is_none());
        let i = published_index(5, [20, 20, 20, 20, 20, 20, 20, 20, 10]).expect("published");
        assert_eq!(i.weakest, Element::Facilities);
        let p = Published {
            periods: vec![Period {
                month: "2026-11".into(),
                respondents: 3,
                index: None,
            }],
            overall: None,
            respondents: 3,
        };
        let text = csv(&p);
        assert!(text.contains("2026-11,3,,,,,,,,,,,\r\n"), "{text}");
        assert_eq!(text.lines().next().map(|l| l.split(',').count()), Some(13));
    }
}
