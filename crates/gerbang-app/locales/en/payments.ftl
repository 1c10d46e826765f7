## Fees before applying
fee-heading = What this costs
fee-choice = Your answer
fee-total = Total
fee-when-invoiced = You receive an invoice with the exact amount and a payment code when the invoice is raised.
fee-exact-on-invoice = The exact amount follows from your answer and is shown on the invoice.
fee-formula-per-unit = { $label }: { $rate } per { $unit } of “{ $field }”.
fee-formula-minimum = At least { $amount }.
fee-formula-maximum = At most { $amount }.
fee-formula-by-choice = The fee depends on your answer to “{ $field }”:
fee-example = Example: for { $units } { $unit } the total is { $total }.

fee-from = from

## Invoice
invoice-title = Invoice
invoice-number = Invoice number
invoice-link = Invoice and payment
invoice-status = Payment status
invoice-status-issued = Awaiting payment
invoice-status-paid = Paid
invoice-status-refunded = Refunded
invoice-status-cancelled = Cancelled
invoice-issued = Issued on
invoice-paid = Paid on
invoice-lines = Fee items by budget line
invoice-budget-line = Budget line
invoice-payment-code = Payment code
invoice-how-to-pay = How to pay
invoice-bank-instructions = Transfer the exact total from any bank to the payment code below (a virtual account number). It is matched to your invoice automatically once the bank reports it.
invoice-counter-instructions = Pay in cash or by card at the agency's counter; the officer gives you a receipt.
invoice-sandbox-instructions = A test gateway for trying the service: no real money moves.
invoice-pay-sandbox = Pay with the sandbox gateway
invoice-payments = Payments received
invoice-refunds = Refunds
payment-received-at = Received
payment-provider = Paid by
payment-receipt-number = Receipt number
provider-counter = At the counter
provider-bank-transfer = Bank transfer
provider-sandbox = Sandbox test gateway
payment-notice-sandbox-returned = Back from the sandbox gateway. Your payment appears below once the gateway has confirmed it.
payment-notice-sandbox-cancelled = You left the sandbox gateway without paying.
payment-notice-recorded = Payment recorded.

## Receipt
receipt-title = Receipt
receipt-amount-paid = Amount paid
receipt-print-hint = Print this page or save it as a PDF from your browser to keep a copy.
receipt-back = Back to the invoice

## Sandbox gateway
sandbox-title = Sandbox payment gateway
sandbox-warning-title = Test payments only
sandbox-warning = This is the platform's built-in sandbox gateway. No real money moves; use it only to try the service.
sandbox-pay = Pay (test)
sandbox-cancel = Cancel and go back
sandbox-closed = This checkout is closed.

## Workflow gate
error-payment-required-title = Payment required
error-payment-required-message = This step needs the application's invoice to be paid first.

## Staff: counter payment
counter-title = Counter payment
counter-link = Invoice and counter payment
counter-amount = Amount received (rupiah)
counter-amount-hint = The exact total of the invoice, in cash or by card.
counter-receipt-hint = The number printed on the receipt you give the citizen.
counter-record = Record payment
payment-error-amount = Enter an amount in whole rupiah, like 500.000
payment-error-amount-mismatch = The amount must be exactly the invoice total
payment-error-receipt = Enter the receipt number: letters, digits, - / or .
payment-error-receipt-used = This receipt number is already recorded
payment-error-statement = The statement could not be read: { $detail }
payment-error-statement-missing = Choose a CSV file exported from the bank

## Staff: report and reconciliation
report-title = Payments
report-link = Payments and reconciliation
report-from = From
report-to = To
report-daily = Daily reconciliation: expected against received
report-day = Day
report-expected = Invoiced (expected)
report-received = Received
report-refunded = Refunded
report-payments = Payments received
report-download-daily = Download the reconciliation (CSV)
report-download-payments = Download the payments (CSV)
report-count = { $count ->
    [one] One payment
   *[other] { $count } payments
}

## Staff: bank statement
statement-title = Reconcile a bank statement
statement-file = Bank statement (CSV)
statement-hint = Columns: date, amount, reference or description. Transfers are matched by the invoice's payment code and exact amount.
statement-submit = Reconcile
statement-matched = { $count ->
    [one] One line matched.
   *[other] { $count } lines matched.
}
statement-unmatched = { $count ->
    [one] One line could not be matched.
   *[other] { $count } lines could not be matched.
}
statement-matched-title = Matched
statement-unmatched-title = Not matched
statement-line = Line
statement-date = Date
statement-reference = Reference
statement-outcome = Result
reconcile-outcome-paid = Recorded; invoice paid
reconcile-outcome-recorded-unexpected = Recorded, but the invoice was not awaiting payment: refund it
reconcile-outcome-duplicate-payment = Already recorded
reconcile-outcome-amount-mismatch = Amount differs from the invoice
reconcile-outcome-unknown-invoice = No invoice of yours has this payment code
reconcile-outcome-no-code = No payment code found
counter-find-label = Record a payment at the counter: case reference
counter-find-hint = As on the applicant's receipt, like GRB-7K3F-9QXM-B
counter-find-submit = Find the invoice
payment-notice-refunded = Refund recorded; the applicant has been told.
refund-how-counter = Pay the amount back in cash at the desk and keep the payer's signature on the refund slip.
refund-how-bank-transfer = The treasury transfers the amount back to the account it came from.
refund-how-sandbox = The sandbox gateway returned it at once (no money moves in the sandbox).
refund-why-paid-twice = Paid twice: this payment is not needed.
refund-why-not-due = The invoice is no longer due: this payment is not needed.
refund-button = Refund { $amount }
