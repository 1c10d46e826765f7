//! Catalogue operations shared by the web pages, the API and the command line.

use std::collections::HashSet;

use gerbang_domain::catalog::CatalogFile;
use gerbang_store::audit::AuditEntry;
use gerbang_store::catalog::{self as store, ImportOutcome, ServiceUpsert};
use gerbang_store::{Db, StoreError};

/// Why an import was refused. Nothing is written when any file is refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{file}: agency `{agency}` names parent `{parent}`, which is neither in this import nor stored"
    )]
    UnknownParent {
        file: String,
        agency: String,
        parent: String,
    },
    #[error("agency `{0}` is declared in two files")]
    DuplicateAgency(String),
    #[error("service `{0}` is declared in two files")]
    DuplicateService(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports parsed catalogue files in one transaction, audited as `actor`.
pub async fn import(
    db: &Db,
    files: &[(String, CatalogFile)],
    actor: &str,
) -> Result<ImportOutcome, ImportError> {
    let mut agencies = HashSet::new();
    let mut services = HashSet::new();
    for (_, f) in files {
        if !agencies.insert(f.agency.slug.as_str()) {
            return Err(ImportError::DuplicateAgency(f.agency.slug.clone()));
        }
        for s in &f.services {
            if !services.insert(s.slug.as_str()) {
                return Err(ImportError::DuplicateService(s.slug.clone()));
            }
        }
    }
    for (name, f) in files {
        if let Some(parent) = &f.agency.parent
            && !agencies.contains(parent.as_str())
            && store::agency(db, parent).await?.is_none()
        {
            return Err(ImportError::UnknownParent {
                file: name.clone(),
                agency: f.agency.slug.clone(),
                parent: parent.clone(),
            });
        }
    }

    let mut outcome = ImportOutcome::default();
    let mut tx = db.begin().await?;
    for (_, f) in files {
        let (agency_id, created) = store::upsert_agency(&mut tx, &f.agency).await?;
        if created {
            outcome.agencies_created += 1;
        } else {
            outcome.agencies_updated += 1;
        }
        for s in &f.services {
            let result = store::upsert_service(&mut tx, agency_id, s).await?;
            match result {
                ServiceUpsert::Created => outcome.services_created += 1,
                ServiceUpsert::NewVersion => outcome.services_versioned += 1,
                ServiceUpsert::Unchanged => outcome.services_unchanged += 1,
            }
            if result != ServiceUpsert::Unchanged {
                let subject = format!("service:{}", s.slug);
                AuditEntry::system("catalog.service_version", &subject)
                    .actor(None, actor)
                    .details(serde_json::json!({ "version": s.version, "agency": f.agency.slug }))
                    .append(&mut tx)
                    .await?;
            }
        }
        for d in &f.data_services {
            let definition =
                serde_json::to_string(d).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            gerbang_store::exchange::upsert_service(&mut tx, agency_id, &d.slug, &definition)
                .await?;
        }
    }
    store::bump_version(&mut tx).await?;
    tx.commit().await?;
    super::cache::imported_here();
    Ok(outcome)
}
