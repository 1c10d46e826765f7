# Replies to text messages: one message each (160 characters), no personal data.

sms-filed = Complaint received: { $reference }. To follow it, send STATUS { $reference }
sms-filing-refused = Please describe the problem in at least 10 characters: COMPLAINT <what, where>
sms-filing-throttled = Too many complaints from this number in the last hour. Please try again later.
sms-status = { $reference }: { $status }
sms-status-unknown = No application or complaint has the reference { $reference }.
sms-help = To complain: COMPLAINT <what, where>. For a status: STATUS <reference>.
sms-error-number = The sender is not a phone number
