SELECT
  i.number AS invoice_number,
  i.collection_method,
  i.currency,
  i.amount_due,
  i.amount_paid,
  i.amount_remaining,
  date_format(i.due_date, '%Y-%m-%d') AS due_utc,
  i.status,
  CASE
    WHEN i.status = 'paid' THEN 'paid'
    WHEN i.amount_paid > 0 AND i.amount_remaining > 0 THEN 'partly_paid'
    ELSE 'unpaid'
  END AS finding
FROM invoices i
WHERE i.customer_id = '{customer_id}'
  AND i.status IN ('open', 'paid')
  AND i.created >= DATE '{from_date}'
  AND i.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY i.created
