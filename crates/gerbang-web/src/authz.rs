//! The one place that decides who may do what. HTML and API handlers ask [`can`].

use gerbang_domain::accounts::StaffRole;

use crate::http::context::SessionUser;

/// Something an actor may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create staff accounts and grant roles.
    ManageStaff,
    /// See the back office of an agency.
    WorkCases,
    /// Record counter payments, reconcile bank statements and see payment reports of an agency.
    HandlePayments,
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The whole platform.
    Platform,
    /// One agency, by id.
    Agency(i64),
}

/// Whether `actor` may take `action` on `resource`. Anonymous visitors may do none of these.
pub fn can(actor: Option<&SessionUser>, action: Action, resource: Resource) -> bool {
    let Some(actor) = actor else { return false };
    if !actor.is_staff() {
        return false;
    }
    let holds = |role: StaffRole| match resource {
        Resource::Platform => actor
            .roles
            .iter()
            .any(|g| g.role == role && g.agency_id.is_none()),
        Resource::Agency(id) => actor
            .roles
            .iter()
            .any(|g| g.role == role && g.agency_id == Some(id)),
    };
    if holds(StaffRole::PlatformAdmin)
        || actor
            .roles
            .iter()
            .any(|g| g.role == StaffRole::PlatformAdmin)
    {
        return true;
    }
    match action {
        Action::ManageStaff => holds(StaffRole::AgencyAdmin),
        Action::WorkCases | Action::HandlePayments => {
            holds(StaffRole::Officer)
                || holds(StaffRole::Supervisor)
                || holds(StaffRole::AgencyAdmin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gerbang_domain::accounts::AccountKind;
    use gerbang_store::accounts::RoleGrant;

    fn staff(roles: &[(StaffRole, Option<i64>)]) -> SessionUser {
        SessionUser {
            id: 1,
            email: "s@x.id".into(),
            full_name: "S".into(),
            kind: AccountKind::Staff,
            roles: roles
                .iter()
                .map(|(role, agency_id)| RoleGrant {
                    role: *role,
                    agency_id: *agency_id,
                    agency_slug: None,
                })
                .collect(),
        }
    }

    #[test]
    fn roles_apply_only_to_their_agency() {
        let admin = staff(&[(StaffRole::AgencyAdmin, Some(1))]);
        assert!(can(Some(&admin), Action::ManageStaff, Resource::Agency(1)));
        assert!(!can(Some(&admin), Action::ManageStaff, Resource::Agency(2)));
        assert!(!can(Some(&admin), Action::ManageStaff, Resource::Platform));
        let officer = staff(&[(StaffRole::Officer, Some(1))]);
        assert!(!can(
            Some(&officer),
            Action::ManageStaff,
            Resource::Agency(1)
        ));
        assert!(can(Some(&officer), Action::WorkCases, Resource::Agency(1)));
        assert!(!can(Some(&officer), Action::WorkCases, Resource::Agency(2)));
    }

    #[test]
    fn platform_admin_may_do_everything_and_citizens_nothing() {
        let root = staff(&[(StaffRole::PlatformAdmin, None)]);
        assert!(can(Some(&root), Action::ManageStaff, Resource::Agency(7)));
        assert!(can(Some(&root), Action::ManageStaff, Resource::Platform));
        let mut citizen = staff(&[(StaffRole::PlatformAdmin, None)]);
        citizen.kind = AccountKind::Citizen;
        assert!(!can(
            Some(&citizen),
            Action::ManageStaff,
            Resource::Platform
        ));
        assert!(!can(None, Action::WorkCases, Resource::Agency(1)));
    }
}
