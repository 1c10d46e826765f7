# The satisfaction survey (Permen PANRB 14/2017) and the published index (IKM).

survey-title = Satisfaction survey
survey-about = About: { $title }
survey-intro = Nine short questions about the service you received, each answered from 1 (poor) to 4 (very good). Your answers are published only as totals over at least five people, never with your name or your reference.
survey-comment = Anything else you want to tell the agency (optional)
survey-comment-hint = { $max } characters at most. Please do not write personal details.
survey-submit = Send my answers
survey-thanks-title = Thank you
survey-thanks = Your answers were recorded. They count in the next published satisfaction index.
survey-already = This survey was already answered. Each case or complaint is rated once.
survey-not-yet = The survey opens once a decision is made (or the complaint is closed).
survey-see-index = See the published satisfaction index
survey-invite-title = How did we do?
survey-invite = Please answer nine short questions about this service. It takes about a minute.
survey-invite-button = Answer the satisfaction survey
survey-error-answer = Question { $n }: choose an answer from 1 to 4
survey-error-comment-long = Your comment is longer than { $max } characters
mail-survey-invitation = How did we do? Please answer nine short questions about this service: { $link }

ikm-question-u1 = How well do the requirements match the service?
ikm-question-u2 = How easy is the procedure?
ikm-question-u3 = How quickly was the service delivered?
ikm-question-u4 = How reasonable is the fee?
ikm-question-u5 = How well does what you received match the published service standard?
ikm-question-u6 = How competent were the officers?
ikm-question-u7 = How polite and friendly were the officers?
ikm-question-u8 = How well are complaints, suggestions and input handled?
ikm-question-u9 = How good are the facilities (the website, the office)?
ikm-answer-u1-1 = 1 · Do not match
ikm-answer-u1-2 = 2 · Match poorly
ikm-answer-u1-3 = 3 · Match
ikm-answer-u1-4 = 4 · Match very well
ikm-answer-u2-1 = 1 · Not easy
ikm-answer-u2-2 = 2 · Not very easy
ikm-answer-u2-3 = 3 · Easy
ikm-answer-u2-4 = 4 · Very easy
ikm-answer-u3-1 = 1 · Not quick
ikm-answer-u3-2 = 2 · Not very quick
ikm-answer-u3-3 = 3 · Quick
ikm-answer-u3-4 = 4 · Very quick
ikm-answer-u4-1 = 1 · Very expensive
ikm-answer-u4-2 = 2 · Rather expensive
ikm-answer-u4-3 = 3 · Inexpensive
ikm-answer-u4-4 = 4 · Free
ikm-answer-u5-1 = 1 · Does not match
ikm-answer-u5-2 = 2 · Matches poorly
ikm-answer-u5-3 = 3 · Matches
ikm-answer-u5-4 = 4 · Matches very well
ikm-answer-u6-1 = 1 · Not competent
ikm-answer-u6-2 = 2 · Not very competent
ikm-answer-u6-3 = 3 · Competent
ikm-answer-u6-4 = 4 · Very competent
ikm-answer-u7-1 = 1 · Not polite or friendly
ikm-answer-u7-2 = 2 · Not very polite or friendly
ikm-answer-u7-3 = 3 · Polite and friendly
ikm-answer-u7-4 = 4 · Very polite and friendly
ikm-answer-u8-1 = 1 · There is no way to complain
ikm-answer-u8-2 = 2 · There is one, but it does not work
ikm-answer-u8-3 = 3 · It works, not fully
ikm-answer-u8-4 = 4 · Well handled
ikm-answer-u9-1 = 1 · Poor
ikm-answer-u9-2 = 2 · Fair
ikm-answer-u9-3 = 3 · Good
ikm-answer-u9-4 = 4 · Very good

ikm-element-u1 = Requirements
ikm-element-u2 = Systems, mechanisms and procedures
ikm-element-u3 = Completion time
ikm-element-u4 = Fees and tariffs
ikm-element-u5 = Product specification
ikm-element-u6 = Officer competence
ikm-element-u7 = Officer conduct
ikm-element-u8 = Handling of complaints, suggestions and input
ikm-element-u9 = Facilities
ikm-category-a = Very good
ikm-category-b = Good
ikm-category-c = Fair
ikm-category-d = Poor

ikm-title = Satisfaction index (IKM)
ikm-intro = How satisfied people are with the services, from the survey everyone is invited to answer after a decision or a closed complaint (Permen PANRB 14/2017), on a scale of 25 to 100.
ikm-agency = Agency
ikm-all-agencies = All agencies
ikm-service = Service
ikm-all-services = All services of the agency
ikm-from = From month
ikm-to = To month
ikm-month-hint = Year and month, for example 2026-01
ikm-error-month = Enter a month as year and month, for example 2026-01
ikm-error-range = The first month must not be after the last month
ikm-overall = Index over the months chosen
ikm-respondents = { $count ->
    [one] from 1 response
   *[other] from { $count } responses
}
ikm-weakest = Lowest scoring element: { $element }
ikm-weakest-tag = Lowest
ikm-elements-caption = Score of each element (1 to 4)
ikm-element = Element
ikm-score = Score (1 to 4)
ikm-periods-caption = Index by month
ikm-month = Month
ikm-respondents-col = Responses
ikm-value = Index (25 to 100)
ikm-suppressed = Not published: too few responses
ikm-too-few = { $min ->
    [one] The index is published once at least 1 person answered.
   *[other] The index is published once at least { $min } people answered, so that no figure points at one person.
}
ikm-csv = Download these figures (CSV)
ikm-json = The same as JSON
ikm-method = Each element's score is the sum of its answers divided by the number of responses; the index is the mean of the nine scores times 25. Categories: A 88.31 to 100, B 76.61 to 88.30, C 65.00 to 76.60, D 25.00 to 64.99.
ikm-show = Show the index
ikm-last-year = over the last twelve months
ikm-none-yet = Not published yet: too few responses in the last twelve months.
ikm-details = Satisfaction index in detail
nav-satisfaction = Satisfaction
