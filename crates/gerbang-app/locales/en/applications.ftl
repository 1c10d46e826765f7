## Navigation
nav-applications = My applications
nav-track = Track an application
nav-backoffice = Back office

## Applying
required = required
optional = optional
date-hint = For example, 27 3 2007
date-day = Day
date-month = Month
date-year = Year
select-choose = Choose…
apply-button = Apply online
apply-title = Apply: { $service }
apply-intro = Sign in or create an account to apply online. You can also apply at the agency's counter.
apply-submit = Submit application
counter-legend = Applying on behalf of a citizen at the counter
counter-hint = The application is recorded as assisted by you. If the citizen has no account yet, one is created for this email address.
label-applicant-email = Citizen's email address
label-applicant-name = Citizen's full name
hint-applicant-name = Only needed when the citizen has no account yet.
role-applicant = Applicant
error-audience = This service is not offered to your type of account
error-comment-required = Write a comment explaining this decision to the applicant
error-reference-malformed = This is not a valid reference. Check it: it looks like GRB-7K3F-9QXM-B, and the last character catches typing mistakes
error-reference-unknown = There is no application with this reference

## Field errors
field-error-required = { $kind ->
    [select] Choose { $subject }
    [file] Upload { $subject }
    [checkbox] Tick the box to confirm { $subject }
   *[text] Enter { $subject }
}
field-error-too-long = { $Subject } must be { $max } characters or fewer
field-error-not-a-number = { $Subject } must be a whole number, like 2
field-error-below-min = { $Subject } must be { $min } or more
field-error-above-max = { $Subject } must be { $max } or less
field-error-not-whole-rupiah = { $Subject } must be in whole rupiah, like 1.500.000
field-error-invalid-date = { $Subject } must be a real date, like 27 3 2007
field-error-date-missing-day = { $Subject } must include a day
field-error-date-missing-month = { $Subject } must include a month
field-error-date-missing-year = { $Subject } must include a year
field-error-not-an-option = Choose { $subject } from the list
field-error-invalid-email = Enter { $subject } in the correct format, like name@example.com
field-error-invalid-phone = Enter { $subject } in the correct format, like 0812 3456 7890
field-error-nik-wrong-length = { $Subject } must be exactly 16 digits
field-error-nik-not-digits = { $Subject } must contain only digits
field-error-nik-unknown-province = { $Subject } must start with a province code: check the first two digits
field-error-nik-bad-region = { $Subject } has regency and district digits that do not exist: check digits 3 to 6
field-error-nik-impossible-birth-date = { $Subject } has a date of birth that does not exist: check digits 7 to 12
field-error-nik-birth-date-in-future = { $Subject } has a date of birth in the future: check digits 7 to 12
field-error-nik-zero-serial = { $Subject } cannot end in 0000
field-error-file-too-large = { $Subject } must be smaller than { $max_size_kb } KB
field-error-file-kind-not-accepted = { $Subject } must be a PDF, JPG or PNG file (judged by its content, not its name)

## Case pages
mine-title = My applications
mine-empty = You have not submitted an application yet.
notice-submitted = Application submitted. Your reference is { $reference }
notice-submitted-next = Keep this reference: you can follow the status here, under My applications, or on the tracking page.
notice-resubmitted = Your corrected application has been sent back to the agency.
case-reference = Reference
case-service = Service
case-status = Status
case-due = Due by
case-submitted = Submitted on
case-assisted = Submitted at a counter
case-answers = Your answers
case-timeline = History
case-comment = Comment
case-applicant = Applicant
case-assignee = Assigned to
case-unassigned = Nobody yet
case-overdue = Overdue
case-version = Service version
case-claim = Assign to me
case-decide = Take a decision
case-comment-label = Comment for the applicant
case-comment-hint = Shown to the applicant. Required for decisions marked with *.
case-comment-required-note = * requires a comment.
correction-title = Correction requested
correction-files-hint = Files you uploaded before are kept unless you choose a new one.
correction-submit = Send corrected application
notice-claimed = The case is assigned to you.
notice-action-done = The decision has been recorded and the applicant notified.
track-title = Track an application
track-intro = Enter the reference of an application to see its status. No personal data is shown.
track-hint = For example GRB-7K3F-9QXM-B
track-submit = Check status
inbox-title = Cases to handle
inbox-count = { $count ->
    [one] One case
   *[other] { $count } cases
}
filter-all = All
filter-mine = Only cases assigned to me
filter-apply = Show cases

## Workflow actions
action-submit = Application submitted
action-accept = Accept for review
action-request_correction = Ask for a correction
action-resubmit = Corrected application sent
action-recommend = Recommend for approval
action-approve = Approve
action-return = Return to the officer
action-reject = Reject
action-schedule_inspection = Schedule an inspection
action-complete_inspection = Inspection done

## Drafts
apply-save-draft = Save as draft
apply-draft-hint = A draft keeps what you typed and the files you chose, so you can finish later.
notice-draft-saved = Your draft has been saved. You can come back to it at any time.
notice-draft-loaded = We filled in the answers from your saved draft.

## Counter
counter-start-title = Apply at the counter
counter-start-intro = File an application for a citizen who is with you. Choose the service; you will enter the citizen's email address, and an account is created if they have none.
counter-not-your-agency = You can file applications at the counter only for the agencies where you are an officer. Ask your agency administrator for the role if you need it.

## Staff case page
case-applicant-answers = Applicant's answers
case-yours = This case is assigned to you.
case-action-needs-payment = Not yet: the invoice for this case has not been paid.
case-conflict = Nothing was changed: this case has moved on since you opened it, and is now “{ $status }”. Open the case again to see what happened.
case-notes = Internal notes
case-note-label = Add a note for staff
case-note-hint = The applicant never sees notes.
case-note-add = Add note
case-internal = Internal
action-note = Internal note
notice-note-added = Note added. Only staff can read it.
error-note-required = Enter the note
mine-drafts = Drafts
mine-submitted = Submitted applications
mine-draft-continue = Continue your application for { $service }
mine-draft-saved = Saved { $when }
apply-discard-draft = Delete this draft
notice-draft-discarded = Your draft has been deleted.
file-kept = Already uploaded: { $file }. Choose a file only if you want to replace it.
notice-submitted-next-emailed = Keep this reference. We have emailed you a receipt; you can follow the status here, under My applications, or on the tracking page.
notice-counter-filed = Application filed for { $name }. Give them the reference { $reference }: anyone can check its status with it at { $url }/track.
notice-counter-emailed = A receipt has been emailed to { $email }.
notice-counter-new-account = A new account was created for { $email }. Until they can set a password online, they follow the application with the reference on the tracking page, or ask at the counter.
