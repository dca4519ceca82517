SELECT
  i.number AS invoice_number,
  date_format(i.created, '%Y-%m-%d %H:%i') AS issued_utc,
  i.amount_due,
  i.currency,
  i.status,
  i.attempt_count,
  row_number() OVER (ORDER BY i.created) AS nth_threshold,
  CASE
    WHEN row_number() OVER (ORDER BY i.created) > 1 THEN 'second_threshold'
    WHEN i.status = 'paid' THEN 'threshold_paid'
    ELSE 'threshold_unpaid'
  END AS finding
FROM invoices i
WHERE i.customer_id = '{customer_id}'
  AND i.billing_reason = 'subscription_threshold'
  AND i.created >= DATE '{from_date}'
  AND i.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY i.created
