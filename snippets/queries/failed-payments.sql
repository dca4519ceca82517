SELECT
  c.id AS charge_id,
  i.number AS invoice_number,
  i.billing_reason,
  c.amount,
  c.currency,
  date_format(c.created, '%Y-%m-%d %H:%i') AS created_utc,
  c.failure_code,
  c.failure_message,
  CASE
    WHEN c.failure_code = 'processing_error' THEN 'processing_error'
    WHEN i.billing_reason = 'subscription_cycle' THEN 'renewal_failed'
    ELSE 'declined'
  END AS finding
FROM charges c
LEFT JOIN invoices i ON i.id = c.invoice_id
WHERE c.customer_id = '{customer_id}'
  AND c.status = 'failed'
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY c.created
