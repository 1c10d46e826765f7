## Complaints, reports and requests for information.

nav-complaints = Complaints
nav-complaints-inbox = Complaints
complaints-title = Complaints and reports
complaints-intro = Every complaint gets a reference, a deadline and an agency that must answer it. This list is public: it shows no names, and hides the text of private complaints.
complaint-new-button = File a complaint or report
complaints-mine-title = My complaints
complaints-inbox-title = Complaints to handle
complaints-show-all = Include closed, rejected and merged complaints
complaints-pages = More complaints
complaints-newer = Newer complaints
complaints-older = Older complaints
complaints-count = { $count ->
    [0] No complaints match
    [one] One complaint
   *[other] { $count } complaints
}
complaint-reference = Reference
complaint-title-label = Subject
complaint-title-hint = A few words, such as "Street light broken on Jl. Melati".
complaint-agency = Agency
complaint-category = Category
complaint-state = Status
complaint-filed = Filed
complaint-due = Deadline
complaint-escalated-tag = Escalated
complaint-escalated-to = Escalated to
complaint-merged-into = Followed under
complaint-private-title = Private complaint
complaint-private-text = The complainant asked that the text of this complaint not be shown publicly.
complaint-heading = Complaint { $reference }

complaint-new-title = File a complaint, report or request
complaint-new-intro = Tell the agency what went wrong, what is broken, or what you want to know. You get a reference to follow it, and the agency must answer within the deadline shown.
complaint-choose-agency = Which agency is it about?
complaint-choose-agency-hint = If you are not sure, choose the city government: it passes the complaint to the right agency.
complaint-continue = Continue
complaint-change-agency = choose another agency
complaint-kind = What are you filing?
complaint-kind-complaint = A complaint
complaint-kind-report = A report of a problem
complaint-kind-information_request = A question or request for information
complaint-description = What happened?
complaint-description-hint = Say what, where and when. Do not include other people's personal data.
complaint-application = Your application reference
complaint-application-hint = If the complaint is about one of your applications, like GRB-7K3F-9QXM-4.
complaint-contact = How can we reach you?
complaint-contact-hint = You do not need an account. Give an email address or a mobile number, or both: we use them only about this complaint.
complaint-contact-name = Name
complaint-contact-email = Email address
complaint-contact-phone = Mobile number
complaint-contact-phone-hint = Like 0812 3456 7890.
complaint-place = Place
complaint-address = Address or landmark
complaint-point-hint = Or coordinates in decimal degrees, as a map app shows them (for example -7.5663 and 110.8166).
complaint-latitude = Latitude
complaint-longitude = Longitude
complaint-photos = Photos
complaint-photos-hint = Up to 3 photos, JPEG or PNG.
complaint-photo-n = Photo { $n }
complaint-privacy = Privacy
complaint-confidential = Keep my identity confidential
complaint-confidential-hint = The agency's officers will not see your name or contact; only the coordinating administrator will.
complaint-confidential-staff = Yes: officers do not see who filed it
complaint-private = Do not publish my complaint's text
complaint-private-hint = The public list shows only its category and status.
complaint-honeypot = Leave this field empty
complaint-submit = File it

complaint-keep-link = Keep this link
complaint-keep-link-text = You filed without an account. This link lets you follow the complaint, answer the agency and rate its answer. We also sent it to your email address, if you gave one. Anyone with the link can do the same, so keep it to yourself.
complaint-rating = Your rating
complaint-rating-value = { $n } out of 5
complaint-timeline = What happened so far
complaint-not-public = Not public
complaint-close-title = Satisfied with the answer?
complaint-close-submit = Close my complaint
complaint-rate-title = Rate how your complaint was handled
complaint-rate-submit = Send my rating
complaint-rating-question = How well was your complaint resolved? (optional)
complaint-rating-1 = 1 – very poorly
complaint-rating-2 = 2 – poorly
complaint-rating-3 = 3 – acceptably
complaint-rating-4 = 4 – well
complaint-rating-5 = 5 – very well
complaint-reply-title = Not resolved yet?
complaint-reply-label = Your reply
complaint-reply-hint = The agency must answer again within its deadline.
complaint-reply-submit = Send my reply
complaint-reopen-title = Not satisfied with how it was closed?
complaint-reopen-label = Why are you reopening it?
complaint-reopen-hint = A complaint can be reopened once.
complaint-reopen-submit = Reopen my complaint

complaint-complainant = Complainant
complaint-identity-hidden = The complainant asked that their identity be kept confidential. Only the coordinating administrator sees it.
complaint-channel = Filed through
complaint-channel-web = the website
complaint-channel-api = the API
complaint-channel-open311 = Open311
complaint-channel-sms = SMS
complaint-triage-title = Verify and assign
complaint-verify-hint = Verify it when it is a genuine complaint this platform handles.
complaint-assign-to = Agency responsible for the answer
complaint-assign-submit = Assign
complaint-reject-reason = Reason for rejecting
complaint-reject-hint = The complainant reads this reason.
complaint-merge-into = Reference of the complaint it duplicates
complaint-merge-hint = It will be followed under that reference.
complaint-answer-title = Answer the complaint
complaint-answer-label = Follow-up
complaint-answer-hint = Say what was done, or what will be done and by when.
complaint-answer-public = Publish this answer
complaint-answer-public-hint = Shown on the public page (unless the complaint is private). Untick for an answer only the complainant reads.
complaint-answer-submit = Send the answer

complaint-state-received = Received
complaint-state-verified = Verified
complaint-state-assigned = Assigned to the agency
complaint-state-followed_up = Answered
complaint-state-closed = Closed
complaint-state-rejected = Rejected
complaint-state-merged = Merged
complaint-state-reopened = Reopened
complaint-step-file = Filed
complaint-step-verify = Verify
complaint-step-assign = Assigned
complaint-step-reject = Reject
complaint-step-merge = Merge
complaint-step-answer = Answered
complaint-step-reply = Complainant replied
complaint-step-close = Closed by the complainant
complaint-step-auto_close = Closed automatically (no reply within the deadline)
complaint-step-reopen = Reopened by the complainant
complaint-step-escalate = Deadline passed: escalated
complaint-step-rate = Rated
complaint-event-file = Filed
complaint-event-verify = Verified
complaint-event-assign = Assigned
complaint-event-reject = Rejected
complaint-event-merge = Merged into another complaint
complaint-event-answer = Answered
complaint-event-reply = Complainant replied
complaint-event-close = Closed by the complainant
complaint-event-auto_close = Closed automatically (no reply within the deadline)
complaint-event-reopen = Reopened by the complainant
complaint-event-escalate = Deadline passed: escalated
complaint-event-rate = Rated
complaint-kind-label = Type
complaint-confidential-label = Confidential
complaint-role-complainant = Complainant
complaint-role-coordinator = Coordinating administrator
complaint-role-officer = Officer
complaint-role-system = Gerbang
complaint-done-filed = Your complaint was filed. Keep its reference.
complaint-done-verify = The complaint is verified.
complaint-done-assign = The complaint is assigned.
complaint-done-reject = The complaint is rejected.
complaint-done-merge = The complaint is merged.
complaint-done-answer = Your answer was sent.
complaint-done-reply = Your reply was sent to the agency.
complaint-done-close = Your complaint is closed. Thank you.
complaint-done-rate = Thank you for your rating.
complaint-done-reopen = Your complaint is reopened. The agency must answer again.

error-complaint-robot = The form could not be sent. Please try again
error-complaint-agency = Choose the agency the complaint is about
error-complaint-kind = Choose what you are filing
error-complaint-category = Choose a category
error-complaint-category-kind = This category does not take this kind of filing: choose another category
error-complaint-title = Enter a subject
error-complaint-description = Describe what happened in at least 10 characters
error-complaint-contact = Give an email address or a mobile number, so that the agency can answer you
error-complaint-phone = Enter a mobile number in the correct format, like 0812 3456 7890
error-complaint-point = Enter both latitude and longitude as decimal degrees, like -7.5663 and 110.8166
error-complaint-photos = Choose at most { $n } photos
error-complaint-photo-kind = Photos must be JPEG or PNG images
error-complaint-photo-size = A photo is too large
error-complaint-application = This is not the reference of one of your applications
error-complaint-text = Enter the text
error-complaint-rating = Choose a rating from 1 to 5
error-complaint-merge = Enter the reference of another open complaint handled here

agency-complaints-title = Complaints
agency-complaints-total = Filed
agency-complaints-open = Waiting for the agency
agency-complaints-closed = Closed
agency-complaints-overdue = Past their deadline
agency-complaints-escalated = Escalated
agency-complaints-rating = Mean rating of the resolution
agency-complaints-no-rating = not rated yet
agency-complaints-link = See this agency's complaints
agency-complaints-file = File a complaint about this agency

mail-complaint-filed-subject = [{ $site }] Complaint { $reference } received
mail-complaint-filed-body = Dear { $name },

    We have received your complaint. Its reference is { $reference } and its status: { $state }.

    Follow it, answer the agency and rate its answer with this link (keep it to yourself):
    { $followlink }
mail-complaint-answered-subject = [{ $site }] Complaint { $reference } answered
mail-complaint-answered-body = Dear { $name },

    The agency answered your complaint { $reference }.

    { $extra }

    Read the answer, reply or close the complaint: { $link }
mail-complaint-rejected-subject = [{ $site }] Complaint { $reference } rejected
mail-complaint-rejected-body = Dear { $name },

    Your complaint { $reference } was rejected for this reason:

    { $extra }

    { $link }
mail-complaint-merged-subject = [{ $site }] Complaint { $reference } is followed under { $extra }
mail-complaint-merged-body = Dear { $name },

    Your complaint { $reference } is the same as complaint { $extra }, which is already being handled. It is followed under that reference.

    { $link }
mail-complaint-assigned-subject = [{ $site }] Complaint { $reference } assigned
mail-complaint-assigned-body = Dear { $name },

    Your complaint { $reference } was verified and given to the agency that must answer it. Its status: { $state }.

    { $link }
mail-complaint-closed-subject = [{ $site }] Complaint { $reference } closed
mail-complaint-closed-body = Dear { $name },

    Your complaint { $reference } was closed because there was no reply to the agency's answer within the deadline. If you are not satisfied you may reopen it once, and you may rate how it was handled.

    { $link }
mail-complaint-escalated-subject = [{ $site }] Complaint { $reference } escalated
mail-complaint-escalated-body = Dear { $name },

    The deadline for your complaint { $reference } passed, so it went up to { $extra }, which now oversees it.

    { $link }
mail-complaint-escalated-staff-subject = [{ $site }] Complaint { $reference } passed its deadline
mail-complaint-escalated-staff-body = Dear { $name },

    Complaint { $reference } passed its deadline and is now overseen by { $agency }. Please make sure it is answered.

    { $link }
