# Public consultations.

consultations-title = Public consultations
consultations-intro = Agencies publish their draft regulations, plans and policies here before they decide. Read them, and tell the agency what you think while a consultation is open.
consultations-none = There are no consultations yet.
consultations-staff-title = Consultations
footer-consultations = Public consultations
footer-satisfaction = Satisfaction index
nav-consultations-staff = Consultations
consultation-meta = About this consultation
consultation-kind-regulation = Draft regulation
consultation-kind-plan = Draft plan
consultation-kind-policy = Draft policy
consultation-phase-upcoming = Opens soon
consultation-phase-open = Open for comments
consultation-phase-closed = Closed
consultation-status = Status
consultation-kind = Kind of draft
consultation-agency = Agency
consultation-dates = Open for comments
consultation-comments-count = Published comments
consultation-pdf = Read the draft as a PDF ({ $name })
consultation-manage = Moderate and answer
consultation-report-title = Response report
consultation-theme-changed = Changed
consultation-theme-unchanged = Not changed
consultation-theme-comments = { $count ->
    [one] The comment it answers
   *[other] The { $count } comments it answers
}
consultation-counts-title = Comments by section
consultation-counts-caption = Published comments on each section, by position
consultation-section = Section
consultation-section-number = Section { $n }
consultation-whole = The whole draft
consultation-text-title = The draft
consultation-section-comments = { $count ->
    [one] 1 published comment on this section
   *[other] { $count } published comments on this section
}
consultation-whole-comments = Comments on the whole draft
consultation-no-comments = No published comments yet.
consultation-mine = Your comments
consultation-comment-state-pending = Waiting for moderation
consultation-comment-state-published = Published
consultation-comment-state-refused = Not published
consultation-refused-because = Not published: { $reason }
consultation-comment-title = Comment on this draft
consultation-comment-intro = Your comment is read by the agency and published after moderation, without your name. Please do not write personal details about yourself or others.
consultation-comment-on = What you are commenting on
consultation-your-position = Your position
consultation-position-support = Support
consultation-position-oppose = Oppose
consultation-position-neutral = Remark
consultation-comment-body = Your comment
consultation-comment-hint = { $max } characters at most.
consultation-comment-submit = Send my comment
consultation-sign-in = Sign in to comment
consultation-done-comment = Thank you. Your comment is waiting for moderation; you will see here whether it was published.
consultation-refusal-off-topic = it is not about this draft
consultation-refusal-abusive = it is abusive or insulting
consultation-refusal-personal-data = it contains personal data
consultation-refusal-spam = it is advertising or spam
consultation-refusal-duplicate = it repeats a comment already sent
consultation-error-kind = Choose the kind of draft
consultation-error-title = Enter a title of at most 200 characters
consultation-error-summary = Enter a summary of at most 2000 characters
consultation-error-text = Enter the text in sections, or attach the draft as a PDF
consultation-error-sections = The text has more than 200 sections
consultation-error-language = Enter the consultation in Indonesian, English or both
consultation-error-section-count = The English and Indonesian texts must have the same number of sections
consultation-error-opens-missing = Enter the date the consultation opens
consultation-error-opens-date = Enter the opening date as year, month and day, for example 2027-01-31
consultation-error-closes-missing = Enter the date the consultation closes
consultation-error-closes-date = Enter the closing date as year, month and day, for example 2027-01-31
consultation-error-empty = Write your comment
consultation-error-past = The opening date cannot be in the past
consultation-error-range = The closing date must be on or after the opening date, and within a year of it
consultation-error-pdf = The attached file is not a PDF
consultation-error-pdf-size = The PDF is too large
consultation-error-section = Choose a section of this draft
consultation-error-position = Choose whether you support or oppose it, or make a remark
consultation-error-short = Write at least { $min } characters
consultation-error-long = Your comment is longer than { $max } characters
consultation-error-reason = Choose why the comment is not published
consultation-error-theme-title = Enter the theme's title (at most 200 characters)
consultation-error-theme-response = Enter the agency's answer on this theme
consultation-error-theme-comments = Only published comments can be answered
consultation-error-report = Write the report's introduction, after answering at least one theme
consultation-new = Publish a consultation
consultation-new-intro = Write the draft in Indonesian, English or both. Separate its sections with a line of three dashes (---); the first line of each section is its heading. Sections are numbered in order.
consultation-in-id = In Indonesian
consultation-in-en = In English
consultation-title-field = Title
consultation-summary-field = Summary
consultation-text-field = The text, in sections
consultation-text-hint = The first line of each section is its heading; a line with --- starts the next section.
consultation-opens = Open for comments from
consultation-closes = Open for comments until
consultation-date-hint = For example 2027-01-31. Both days are included.
consultation-pdf-field = The draft as a PDF (optional)
consultation-pdf-hint = If the draft is long, attach it as one PDF file.
consultation-publish = Publish the consultation
consultation-public-page = The public page
consultation-queue = { $count ->
    [one] 1 comment waiting for moderation
   *[other] { $count } comments waiting for moderation
}
consultation-queue-empty = Nothing is waiting.
consultation-publish-comment = Publish
consultation-refusal-reason = Or do not publish it, because
consultation-refusal-choose = Choose a reason
consultation-refuse-comment = Do not publish
consultation-report-out = The response report is published.
consultation-report-after-close = The response report is written once the consultation has closed.
consultation-theme-add = Answer a theme
consultation-theme-title = Theme
consultation-theme-response = What the agency changed, or why not
consultation-theme-response-hint = This is published with the comments it answers.
consultation-theme-changed-label = The draft was changed on this theme
consultation-theme-which = The comments this theme answers
consultation-theme-submit = Add the theme
consultation-report-publish-title = Publish the report
consultation-report-id = Introduction in Indonesian
consultation-report-en = Introduction in English
consultation-report-hint = What the agency learned, and what happens next.
consultation-report-publish = Publish the response report
consultation-staff-done-moderated = The comment was moderated; its author was told.
consultation-staff-done-theme = The theme was added.
mail-consultation-published-subject = [{ $site }] Your comment was published
mail-consultation-published-body = Dear { $name },

    Your comment on "{ $title }" was published.

    { $link }
mail-consultation-refused-subject = [{ $site }] Your comment was not published
mail-consultation-refused-body = Dear { $name },

    Your comment on "{ $title }" was not published, because { $reason }.

    You may send another one while the consultation is open: { $link }
