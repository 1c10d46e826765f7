//! Satisfaction survey responses and the sums the index is computed from.

use time::OffsetDateTime;

use crate::{Conn, Db, Result, Tx};

/// A response to record.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    /// `application` or `complaint`.
    pub subject_kind: &'a str,
    pub subject_id: i64,
    pub agency_id: i64,
    pub service_id: Option<i64>,
    /// `YYYY-MM-01`.
    pub period: &'a str,
    pub scores: [u8; 9],
    pub comment: Option<&'a str>,
    pub now: OffsetDateTime,
}

/// Records a response; a second one for the same subject is `StoreError::Conflict`.
pub async fn insert(tx: &mut Tx, r: &NewResponse<'_>) -> Result<()> {
    let s = r.scores.map(i32::from);
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO survey_responses (subject_kind, subject_id, agency_id, service_id, period, \
         u1, u2, u3, u4, u5, u6, u7, u8, u9, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(r.subject_kind)
    .bind(r.subject_id)
    .bind(r.agency_id)
    .bind(r.service_id)
    .bind(r.period)
    .bind(s[0]).bind(s[1]).bind(s[2]).bind(s[3]).bind(s[4]).bind(s[5]).bind(s[6]).bind(s[7]).bind(s[8])
    .bind(r.comment)
    .bind(r.now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// True when the subject already has its response.
pub async fn answered(
    conn: impl Into<Conn<'_>>,
    subject_kind: &str,
    subject_id: i64,
) -> Result<bool> {
    let n: i64 = on_conn!(conn, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM survey_responses WHERE subject_kind = $1 AND subject_id = $2",
    )
    .bind(subject_kind)
    .bind(subject_id)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// One period's sums: respondents and the sum of each element's scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodSums {
    pub period: String,
    pub respondents: i64,
    pub sums: [i64; 9],
}

/// What the sums cover: one service, or one agency; periods `from..=to` (`YYYY-MM-01`).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub from: String,
    pub to: String,
}

/// The sums per period, oldest first.
pub async fn sums_by_period(db: &Db, s: &Scope) -> Result<Vec<PeriodSums>> {
    type Row = (String, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = on_db!(db, p => sqlx::query_as(
        "SELECT period, COUNT(*), SUM(u1), SUM(u2), SUM(u3), SUM(u4), SUM(u5), SUM(u6), SUM(u7), SUM(u8), SUM(u9) \
         FROM survey_responses WHERE ($1 IS NULL OR service_id = $1) AND ($2 IS NULL OR agency_id = $2) \
         AND period >= $3 AND period <= $4 GROUP BY period ORDER BY period",
    )
    .bind(s.service_id)
    .bind(s.agency_id)
    .bind(&s.from)
    .bind(&s.to)
    .fetch_all(p)
    .await?);
    Ok(rows
        .into_iter()
        .map(|r| PeriodSums {
            period: r.0,
            respondents: r.1,
            sums: [r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10],
        })
        .collect())
}
