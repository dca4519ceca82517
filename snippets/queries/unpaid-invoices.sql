SELECT
  i.number AS invoice_number,
  i.billing_reason,
  i.amount_due,
  i.amount_remaining,
  i.currency,
  date_format(i.created, '%Y-%m-%d') AS issued_utc,
  i.attempt_count,
  date_format(i.next_payment_attempt, '%Y-%m-%d %H:%i') AS next_retry_utc,
  i.status,
  CASE
    WHEN i.status = 'uncollectible' THEN 'retries_over'
    WHEN i.next_payment_attempt IS NOT NULL THEN 'retrying'
    WHEN i.attempt_count > 0 THEN 'retries_over'
    ELSE 'not_attempted'
  END AS finding
FROM invoices i
WHERE i.customer_id = '{customer_id}'
  AND i.status IN ('open', 'uncollectible')
ORDER BY i.created
