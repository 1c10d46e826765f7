//! The upload-then-reference flow of the API: a client sends a file once
//! (`POST /api/v1/uploads`), gets an id, and files the application with `{"upload": id}`
//! for the file field. An upload is its owner's only, is used by one application (then
//! forgotten), and expires after [`KEPT_FOR`] unused.

use bytes::Bytes;
use gerbang_store::uploads::{self as store, NewUpload, UploadRow};
use time::Duration;

use super::files;
use super::service::Upload;
use crate::App;
use crate::authz::{Action, Resource, check};
use crate::error::{AppError, FieldProblem};
use crate::user::SessionUser;

/// How long an upload waits for its application.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// Longest file name kept, in characters.
const MAX_NAME: usize = 200;

/// Stores an upload for `user`, who may apply for services.
pub async fn create(
    app: &App,
    user: &SessionUser,
    filename: &str,
    bytes: Bytes,
) -> Result<UploadRow, AppError> {
    check(Some(user), Action::Apply, Resource::Platform)?;
    if bytes.is_empty() {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "file",
            "api-error-upload-empty",
        )]));
    }
    let name: String = filename
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(MAX_NAME)
        .collect();
    let name = if name.trim().is_empty() {
        "upload".to_owned()
    } else {
        name
    };
    let kind = files::sniff(&bytes).map(str::to_owned);
    let sha = files::sha256_hex(&bytes);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let key = files::put(&app.files, bytes).await?;
    let uid = format!(
        "up_{}",
        crate::user::new_token().get(..24).unwrap_or_default()
    );
    let now = app.clock.now();
    store::insert(
        &app.db,
        &NewUpload {
            uid: &uid,
            owner_id: user.id,
            filename: &name,
            sniffed_kind: kind.as_deref(),
            size_bytes: size,
            sha256: &sha,
            storage_key: &key,
            now,
        },
    )
    .await?;
    Ok(UploadRow {
        id: 0,
        uid,
        owner_id: user.id,
        filename: name,
        sniffed_kind: kind,
        size_bytes: size,
        sha256: sha,
        storage_key: key,
        created_at: now,
    })
}

/// The files `refs` (field, upload id) name, as a submission takes them; a reference to
/// no upload of the user's (someone else's, used, expired) is the field's error.
pub async fn resolve(
    app: &App,
    user: &SessionUser,
    refs: &[(String, String)],
) -> Result<(Vec<Upload>, Vec<UploadRow>), AppError> {
    let since = app.clock.now() - KEPT_FOR;
    let (mut uploads, mut rows, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for (field, uid) in refs {
        match store::of_owner(&app.db, user.id, uid, since).await? {
            Some(row) => {
                let bytes = files::get(&app.files, &row.storage_key).await?;
                uploads.push(Upload {
                    field: field.clone(),
                    filename: row.filename.clone(),
                    bytes,
                });
                rows.push(row);
            }
            None => problems.push(FieldProblem::new(field, "api-error-upload-unknown")),
        }
    }
    if problems.is_empty() {
        Ok((uploads, rows))
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// Forgets uploads an application used (their bytes were stored with it). Best effort:
/// what is left expires.
pub async fn used(app: &App, rows: &[UploadRow]) {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    if let Err(e) = store::remove(&app.db, &ids).await {
        tracing::warn!(error = %e, "could not forget used uploads");
        return;
    }
    for r in rows {
        if let Err(e) = files::delete(&app.files, &r.storage_key).await {
            tracing::warn!(key = %r.storage_key, error = %e, "could not remove a used upload");
        }
    }
}

/// Removes uploads that waited longer than [`KEPT_FOR`]; returns how many.
pub async fn expire(app: &App) -> Result<usize, AppError> {
    let rows = store::expired(&app.db, app.clock.now() - KEPT_FOR).await?;
    let n = rows.len();
    used(app, &rows).await;
    Ok(n)
}
