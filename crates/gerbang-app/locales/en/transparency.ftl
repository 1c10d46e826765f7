transparency-title = Audit transparency log
transparency-intro = Every change made on this platform, and every time staff read someone's data, is written to the audit log in the same transaction as the change. The log is a Merkle tree in the manner of Certificate Transparency: once an entry is sealed into it, nobody can change, remove or reorder it without the signed tree heads below showing it.
transparency-how-title = How it works
transparency-how-append = New entries are sealed into the tree every few seconds, and each seal signs a tree head: the number of entries and the root hash, signed with the platform's log key.
transparency-how-public = Published entries carry no personal data: only the time, the action, the kind of subject with an opaque id, and a salted digest of the full entry. Full entries are for authorised auditors, whose reads are logged in turn.
transparency-how-proof = Anyone can ask for a proof that an entry is in the tree (an inclusion proof) and that a later tree still contains an earlier one (a consistency proof). An applicant can download the proof that the decision on their case is in the log from the case page.
transparency-how-verify = The operators check the whole log with the command gerbang audit verify, which recomputes the tree from the database and names every entry changed, deleted, inserted or moved.
transparency-heads-title = Latest signed tree heads
transparency-no-heads = No tree head has been signed yet.
transparency-size = Entries
transparency-signed = Signed
transparency-root = Root hash (base64)
transparency-pending = { $n ->
    [one] One entry is waiting to be sealed.
   *[other] { $n } entries are waiting to be sealed.
}
transparency-api-title = For checking by software
transparency-api-sth = The newest signed tree head (JSON)
transparency-api-keys = The log's public keys (JWK set)
transparency-api-entries = The first published entries (JSON)
transparency-api-doc = The API document, with the proof endpoints (OpenAPI)
transparency-proof-not-yet = The decision on this case is not sealed into the audit log yet. Try again in a minute.
transparency-proof-link = Proof that this decision is in the public audit log (JSON)
error-proof-range = No signed tree head has this size, or the leaf is not in that tree
footer-transparency = Audit log
my-data-link = My data: who looked at it, and a copy of all of it
my-data-title = My data
my-data-intro = Each time someone on an agency's staff opens one of your applications, complaints or documents, it is recorded. Here you see when, which agency, in which role, and what for. You can also download everything this platform holds about you.
my-data-download = Download all my data (JSON)
my-data-reads-title = Who looked at my data
my-data-no-reads = Nobody on the staff has opened your applications, complaints or documents.
my-data-when = When
my-data-agency = Agency
my-data-role = Role
my-data-officer = Officer
my-data-why = What for
my-data-of-application = Your application { $reference }
my-data-of-complaint = Your complaint { $reference }
my-data-of-document = Your document { $number }
my-data-of-invoice = The invoice of your application { $reference }
my-data-log = These records are part of the audit log, which nobody can change unnoticed:
open-data-title = Open data
open-data-intro = The figures and the catalogue of this platform are published for anyone to reuse, in the European application profiles that data portals read (CPSV-AP for public services, DCAT-AP for datasets), at addresses that do not change.
open-data-catalog-title = The dataset catalogue
open-data-catalog-text = A DCAT-AP 3.0.1 description of every dataset below, for data portals to collect automatically.
open-data-catalog-ttl = Dataset catalogue (DCAT-AP, Turtle)
open-data-catalog-jsonld = Dataset catalogue (DCAT-AP, JSON-LD)
open-data-datasets-title = Datasets
open-data-services-title = Public services and their service standards
open-data-services-text = Every service in the catalogue as CPSV-AP 3.2.0: the agency responsible, requirements, cost, the online channel, the result, the legal basis and the processing time, in English and Indonesian.
open-data-services-ttl = Public services (CPSV-AP, Turtle)
open-data-services-jsonld = Public services (CPSV-AP, JSON-LD)
open-data-ikm-title = Community satisfaction index (IKM)
open-data-ikm-text = The satisfaction index by month, element by element (Permen PANRB 14/2017). Months with fewer than five respondents are withheld.
open-data-ikm-csv = Satisfaction index (CSV)
open-data-ikm-page = The satisfaction index page, by agency and service
open-data-log-title = Audit transparency log
open-data-log-text = The published audit entries with signed tree heads and proofs, as JSON.
open-data-licence = All data here is published under the Creative Commons Attribution 4.0 licence (CC BY 4.0).
footer-open-data = Open data
perf-title = Performance
perf-intro = How quickly and how well applications are handled, from the platform's own records. Figures from fewer than five cases are withheld so that no figure points to a person.
perf-agency = Agency
perf-all-agencies = All agencies
perf-service = Service
perf-all-services = All services of the agency
perf-period = Period
perf-months = { $n ->
    [one] This month
   *[other] The last { $n } months
}
perf-show = Show
perf-summary = In this period
perf-received = Applications received
perf-decided = Applications decided
perf-median = Median processing time
perf-p90 = 90 % decided within
perf-within = Decided within the service standard
perf-approval = Approved
perf-backlog = Open now
perf-overdue = Open and past the due date
perf-withheld = withheld
perf-k = Counts below { $k } are withheld, as are shares and times computed from fewer than { $k } cases.
perf-target-met = The agency's target is { $target } % within the service standard: met in this period.
perf-target-not-met = The agency's target is { $target } % within the service standard: not met in this period.
perf-trend = Month by month
perf-trend-weeks = Week by week
perf-chart-title = Applications received and decided, by month
perf-chart-desc = Bar chart of applications received and decided in each month of the period; the table below gives the same numbers.
perf-chart-caption = Grey: received. Blue: decided. A month without a bar has fewer than five.
perf-month = Month
perf-by = Trend
perf-by-month = By month
perf-by-week = By week
perf-week = Week
perf-week-label = Week { $week }, { $year }
perf-week-short = W{ $week }
perf-chart-title-weeks = Applications received and decided, by week
perf-complaints = Complaints
perf-complaints-line = { $total } complaints in all, { $open } waiting on the government, { $overdue } past their deadline.
perf-complaints-link = The complaints
perf-ikm-link = The satisfaction index for this scope
perf-download = Download these figures
perf-download-csv = By month (CSV)
perf-download-json = All figures (JSON)
perf-target-title = The agency's target
perf-target-label = Share of applications to decide within the service standard (percent)
perf-target-hint = A whole number from 1 to 100, such as 95.
perf-target-save = Save the target
error-target-range = Give a whole number from 1 to 100
footer-performance = Performance
perf-so-far = { $month } (so far)
open-data-log-json = The first published entries (JSON)
open-data-perf-title = Performance of agencies and services
open-data-perf-text = Applications received and decided by month, the share decided within the service standard and the approval rate, for the platform, each agency and each service. Counts below five are withheld.
open-data-perf-csv = Performance by month (CSV)
open-data-perf-json = All performance figures (JSON)
open-data-perf-page = The performance pages
maturity-title = Digital maturity
maturity-intro = Each service's stage of e-government, measured from what it actually offers on this platform, and each agency's profile, with the evidence behind every figure.
maturity-stages-title = The four stages
maturity-stage-1 = Information: the service standard is published, all fourteen components.
maturity-stage-2 = Interaction: an online form or inquiry.
maturity-stage-3 = Transaction: submission online with tracking, payment without visiting an office, and an electronic result.
maturity-stage-4 = Integration: at least one live data exchange with another agency.
maturity-compare-title = Agencies compared
maturity-services = Services
maturity-by-stage = Services by stage
maturity-stage-n = Stage { $n }
maturity-stage3-share = Services at stage 3 or above
maturity-online = Applications filed online
maturity-complaints = Complaints handled within their deadlines
maturity-no-complaints = no complaints
maturity-datasets = Datasets with complete metadata
maturity-period = Applications, times and complaints: the last twelve months. Figures from fewer than five cases are withheld.
maturity-evidence-title = The evidence
maturity-evidence-csv = Every service's evidence, criterion by criterion (CSV)
maturity-evidence-json = Every profile with its evidence (JSON)
maturity-services-title = Services and their stage
maturity-performance-link = This agency's performance, month by month
maturity-met = Met:
maturity-not-met = Not met:
maturity-criterion-standard = Service standard published
maturity-criterion-form = Online form
maturity-criterion-submission = Online submission and tracking
maturity-criterion-payment = Payment without visiting an office
maturity-criterion-result = Electronic result
maturity-criterion-exchange = Live data exchange with another agency
footer-maturity = Digital maturity

## The auditor's reading of the full audit log
nav-audit-log = Full audit log
auditor-title = Audit log: full entries
auditor-intro = Every write and every staff read of personal data, with the details the public log leaves out. Reads that had no case, complaint or request behind them are flagged.
auditor-recorded = Your reading of this page is itself recorded in the log.
auditor-flagged-count = { $count ->
    [one] One staff read had nothing behind it: the reader was not assigned the record, had not worked it, and it was no longer open work.
   *[other] { $count } staff reads had nothing behind them: the reader was not assigned the record, had not worked it, and it was no longer open work.
}
auditor-show-flagged = Show only these
auditor-agency = Agency
auditor-all-agencies = All agencies
auditor-action = Action
auditor-action-hint = The start of an action, such as application. or account.login
auditor-subject = Subject
auditor-subject-hint = Exactly, such as application:GRB-7K3F-9QXM-4
auditor-flagged-only = Only flagged staff reads
auditor-apply = Show entries
auditor-none = No entries match.
auditor-entries = Entries, newest first
auditor-when = When
auditor-who = Who
auditor-what = What
auditor-basis = Basis of a read
auditor-details = Details
auditor-request = Request
auditor-flagged = Flagged
auditor-older = Older entries
auditor-basis-assigned = Assigned to the reader
auditor-basis-worked = The reader had worked it
auditor-basis-open_work = Open work of the agency
auditor-basis-none = Nothing behind it

## The back office's workload, by service desk
workload-title = Team workload
workload-intro = { $weeks ->
    [one] Each service desk's open cases now, and what it received and decided this week. By team, never by person.
   *[other] Each service desk's open cases now, and what it received and decided over the last { $weeks } weeks (this one so far). By team, never by person.
}
workload-teams = Open cases by service
workload-service = Service
workload-open = Open
workload-unassigned = Not yet taken
workload-received = { $weeks ->
    [one] Received this week
   *[other] Received, { $weeks } weeks
}
workload-decided = { $weeks ->
    [one] Decided this week
   *[other] Decided, { $weeks } weeks
}
workload-throughput = Throughput by week
workload-chart-title = Applications received and decided by week: { $agency }
workload-chart-desc = Two bars per week: applications received and applications decided. The table below gives the same numbers.
workload-chart-caption = The current week is counted so far. The weekly counts come from the roll-up, a few seconds behind.
workload-link = Team workload
