## Layout
skip-to-content = Skip to main content
nav-label = Main menu
nav-services = Services
nav-agencies = Agencies
nav-account = My account
nav-staff = Staff
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-register = Create an account
lang-label = Language
footer-top = Return to top
footer-about = Public services of { $site }, online. Powered by Gerbang, open-source e-government software.
breadcrumb-label = Breadcrumbs
yes = Yes
no = No

## Errors
error-summary-title = There is a problem
title-error-prefix = Error:
error-go-home = Go to the home page
error-reference = Reference for support: { $id }
error-bad-request-title = The request could not be understood
error-bad-request-message = Something in the request was malformed. Go back, check what you entered and try again.
error-unauthorized-title = Please sign in
error-unauthorized-message = You need to sign in to see this page.
error-forbidden-title = You cannot do this
error-forbidden-message = Your account does not have permission for this page or action.
error-form-expired-title = The form has expired
error-form-expired-message = For your security the form could not be accepted. Go back, reload the page and send it again.
error-cross-site-title = Request from another site refused
error-cross-site-message = This request came from another website, so it was refused to protect your account.
error-not-found-title = Page not found
error-not-found-message = We could not find that page. Check the address, or start from the home page.
error-method-not-allowed-title = Not allowed here
error-method-not-allowed-message = This address does not accept that kind of request.
error-conflict-title = This conflicts with the current state
error-conflict-message = The change could not be made because the data changed or already exists. Reload and try again.
error-payload-too-large-title = What you sent is too large
error-payload-too-large-message = The form or file is larger than we accept. Send something smaller.
error-unsupported-media-type-title = Unsupported format
error-unsupported-media-type-message = The request was sent in a format we do not accept.
error-unprocessable-title = Some information is not valid
error-unprocessable-message = Check the highlighted information and try again.
error-too-many-requests-title = Too many attempts
error-too-many-requests-message = You have made too many requests in a short time. Wait a moment and try again.
error-unavailable-title = Service temporarily unavailable
error-unavailable-message = We cannot handle your request right now. Nothing was changed. Try again in a few minutes.
error-internal-title = Something went wrong on our side
error-internal-message = Your request could not be completed and nothing was changed. Try again later; if it keeps happening, contact us with the reference below.

## Field errors
error-email-required = Enter your email address
error-email-invalid = Enter an email address in the correct format, like name@example.com
error-email-taken = An account with this email address already exists. Sign in instead, or use another address
error-password-too-short = The password must be at least { $n } characters long
error-password-too-long = The password must be at most { $n } characters long
error-password-mismatch = The two passwords do not match
error-name-required = Enter your full name
error-too-long = This must be at most { $n } characters long
error-kind-required = Choose whether you apply as a citizen or for a business
error-login-failed = The email address or password is not right
error-current-password = Your current password is not right
error-agency-required = Choose an agency you administer
error-agency-unknown = This agency does not exist
error-roles-staff-only = Only staff accounts can hold roles
error-role-required = Choose a role

## Home and catalogue
home-title = Public services
home-intro = { $count ->
    [one] One public service of the city is available online.
   *[other] { $count } public services of the city, in one place.
}
search-label = Search services
search-placeholder = For example: birth certificate, izin usaha
search-button = Search
home-for-whom = Services for
audience-citizen = Citizens
audience-business = Businesses
audience-agency = Government agencies
audience-citizen-blurb = Civil registration, certificates, health and more for residents.
audience-business-blurb = Licences and permits to start and run a business.
audience-agency-blurb = Services that agencies request from each other.
home-agencies = Agencies
services-title = All services
filter-audience = Who is it for?
filter-audience-all = Everyone
services-count = { $count ->
    [one] One service
   *[other] { $count } services
}
search-results = { $count ->
    [0] No services match your search
    [one] One service matches your search
   *[other] { $count } services match your search
}
search-none = Try other words, in English or Indonesian, or browse the agencies.
service-facts = Key facts
working-days = { $days ->
    [one] 1 working day
   *[other] { $days } working days
}
fee-free = Free of charge
service-audience = Who may apply
service-fee = Fee
service-sla = Service standard
service-output = You receive
valid-months = { $months ->
    [one] valid for 1 month
   *[other] valid for { $months } months
}
service-agency = Provided by
service-about = What this service is for
service-requirements = What you need
service-fee-breakdown = Fee breakdown
fee-item = Item
fee-amount = Amount
service-procedure = How it works
service-form = What the form asks
service-form-intro = Have this information ready before you start.
form-field = Information
form-field-type = Kind
form-field-required = Required
field-type-text = Text
field-type-textarea = Longer text
field-type-number = Number
field-type-money = Amount in rupiah
field-type-date = Date
field-type-select = Choice from a list
field-type-checkbox = Tick box
field-type-email = Email address
field-type-phone = Phone number
field-type-national-id = National identity number (NIK)
field-type-file = Scanned document (upload)
service-legal-basis = Legal basis
service-contact = Contact
contact-phone = Phone
contact-email = Email
contact-hours = Opening hours
agencies-title = Agencies
agency-parent = Part of
agency-services = Services
agency-no-services = This agency offers no online services yet.

## Accounts
register-title = Create an account
register-kind = I am applying as
kind-citizen = A citizen (for myself or my family)
kind-business = A business representative
kind-staff = Public servant
label-full-name = Full name
label-email = Email address
label-password = Password
hint-password = At least 10 characters. A few words you remember make a good password.
label-password-confirm = Repeat the password
register-submit = Create account
register-have-account = Already have an account?
login-title = Sign in
login-submit = Sign in
login-no-account = No account yet?
login-throttled = { $minutes ->
    [one] Too many failed sign-in attempts. For your security, try again in 1 minute.
   *[other] Too many failed sign-in attempts. For your security, try again in { $minutes } minutes.
}
account-title = My account
account-kind = Account type
account-roles = Roles
role-officer = Officer
role-supervisor = Supervisor
role-cashier = Cashier
role-agency_admin = Agency administrator
role-platform_admin = Platform administrator
role-auditor = Auditor
password-change-title = Change your password
label-current-password = Current password
label-new-password = New password
password-change-submit = Change password
notice-registered = Your account has been created and you are signed in.
notice-password-changed = Your password has been changed. Every other session has been signed out.

## Administration
staff-title = Staff accounts
staff-list = Staff of the agencies you administer
label-role = Role
label-agency = Agency
staff-create = Add a staff member
label-initial-password = Initial password
staff-create-submit = Create staff account
notice-staff-created = The staff account has been created.

## Waiting room (admission control)
busy-title = Many people are using this service right now
busy-place = You are in the queue, at about place { $place }. You do not need to do anything.
busy-refresh = This page tries again by itself in { $seconds } seconds.
busy-try-now = Try again now
busy-not-sent = Your form was not sent, so nothing has been saved yet. Applications already started go ahead of new visitors.
busy-send-again = Go back and send it again in { $seconds } seconds. Your browser usually keeps what you typed; check that your files are still attached.


## Site look and pages
nav-menu = Menu
nav-counter = Apply at the counter
nav-payments = Payments
nav-pages = Site pages
brand-sub = Public services online
official-banner = An official website of the government of { $site }
footer-links = About this site
footer-help = Help and contact
footer-accessibility = Accessibility
footer-privacy = Privacy
footer-verify = Check a document
meta-description = Public services of { $site } online: find a service, apply, pay, track your application and check documents.
page-updated = Last updated { $date }
page-edit = Edit this page
pages-title = Site pages
pages-intro = The help, accessibility and privacy pages linked from every page’s footer. Write them in Markdown, in each language.
pages-view = view
pages-editing = Editing in { $lang }
pages-edit-in = Edit in { $lang }
pages-field-title = Title
pages-field-body = Text
pages-field-body-hint = Markdown: ## for a heading, - for a list item, [text](/path) for a link. HTML is shown as text.
pages-save = Save page
notice-page-saved = Page saved. It shows on the site now.
error-page-title-required = Enter the page title
error-page-title-too-long = The title must be { $n } characters or fewer
error-page-body-required = Enter the page text
error-page-body-too-long = The text must be { $n } characters or fewer
cli-account-not-created = The account was not created:
