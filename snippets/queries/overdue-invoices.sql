SELECT
  i.number AS invoice_number,
  i.currency,
  i.amount_due,
  i.amount_paid,
  i.amount_remaining,
  date_format(i.due_date, '%Y-%m-%d') AS due_utc,
  date_diff('day', CAST(i.due_date AS DATE), current_date) AS days_overdue,
  CASE
    WHEN CAST(i.due_date AS DATE) >= current_date THEN 'not_yet_due'
    WHEN i.amount_paid > 0 THEN 'overdue_partly_paid'
    ELSE 'overdue'
  END AS finding
FROM invoices i
WHERE i.customer_id = '{customer_id}'
  AND i.status = 'open'
  AND i.collection_method = 'send_invoice'
ORDER BY i.due_date
