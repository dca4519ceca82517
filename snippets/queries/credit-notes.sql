SELECT
  n.number AS credit_note_number,
  i.number AS invoice_number,
  i.status AS invoice_status,
  n.amount,
  n.currency,
  n.type,
  n.reason,
  n.status,
  date_format(n.created, '%Y-%m-%d') AS issued_utc,
  CASE
    WHEN n.status = 'void' THEN 'voided'
    WHEN n.type = 'pre_payment' THEN 'lowered_unpaid_invoice'
    ELSE 'credited_paid_invoice'
  END AS finding
FROM credit_notes n
JOIN invoices i ON i.id = n.invoice_id
WHERE n.customer_id = '{customer_id}'
  AND n.created >= DATE '{from_date}'
  AND n.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY n.created
